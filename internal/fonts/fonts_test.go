package fonts

import "testing"

func TestFaceFor(t *testing.T) {
	tests := []struct {
		name string
		r    rune
		bold bool
		want int
	}{
		{"latin in noto", 'A', false, 0},
		{"han in noto", '贪', false, 0},
		{"han in noto bold", '污', true, 0},
		{"french e acute", 'é', false, 0},
		{"Y diaeresis only in dejavu", 'Ÿ', false, 1},
		{"narrow no-break space only in dejavu", '\u202F', false, 1},
		{"ballot box only in dejavu", '☐', true, 1},
		{"Ext B in the fallback", '𠮷', false, FallbackIndex},
		{"Ext B first in the fallback", '𠀀', true, FallbackIndex},
		{"Ext B name character", '𨭉', false, FallbackIndex},
		{"Ext C in the fallback", '\U0002A700', false, FallbackIndex},
		{"Ext F in the fallback", '\U0002CEB0', true, FallbackIndex},
		{"Ext G in no face", '\U00030000', false, -1},
		{"variation selector supplement", '\U000E0100', false, -1},
		{"unassigned plane 2", '\U0002FFF0', false, -1},
		{"beyond Unicode", 0x110000, false, -1},
		{"private use", '\uE000', false, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FaceFor(tt.r, tt.bold); got != tt.want {
				t.Errorf("FaceFor(%U, %v) = %d, want %d", tt.r, tt.bold, got, tt.want)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	got := Check("张\U0002FFF0 L'HAŸ-LES-ROSES 𠀀𨭉 \uE000\uE000 ok")
	if len(got) != 2 {
		t.Fatalf("Check found %d problems, want 2: %+v", len(got), got)
	}
	if got[0].Rune != '\U0002FFF0' || !got[0].AboveBMP || got[0].Offset != 3 {
		t.Errorf("first problem = %+v, want U+2FFF0 above BMP at byte 3", got[0])
	}
	if got[1].Rune != '\uE000' || got[1].AboveBMP {
		t.Errorf("second problem = %+v, want U+E000 not above BMP", got[1])
	}
	if p := Check("中文 English français « Noël » 12,50 € 𠀀𡒄𨭉𠮷\n"); len(p) != 0 {
		t.Errorf("Check reported drawable text: %+v", p)
	}
}

func TestCheckMagic(t *testing.T) {
	for _, f := range append(All(), Fallback()) {
		if err := checkMagic(f.Data); err != nil {
			t.Errorf("%s bold=%v: %v", f.Family, f.Bold, err)
		}
	}
	if checkMagic([]byte("OTTO....")) == nil {
		t.Error("CFF font accepted")
	}
	if checkMagic([]byte("ttcf....")) == nil {
		t.Error("font collection accepted")
	}
}
