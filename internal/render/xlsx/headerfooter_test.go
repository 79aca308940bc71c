package xlsx

import (
	"strings"
	"testing"

	"github.com/mla-dev/mla/internal/document"
)

func TestHeaderFooter(t *testing.T) {
	caption := document.Text{Orig: "附件", Trans: "Annex"}
	long := document.Text{Orig: strings.Repeat("长", 100), Trans: strings.Repeat("long ", 40)}
	tests := []struct {
		name       string
		doc        document.Document
		caption    document.Text
		head, foot string
		none       bool
	}{
		{name: "nothing to print", none: true},
		{
			name:    "caption only",
			caption: caption,
			head:    "&C附件\nAnnex",
		},
		{
			name: "all sections, codes escaped",
			doc: document.Document{
				HeaderLeft:  document.Text{Orig: "编号 A&B", Trans: "Ref. A&B"},
				HeaderRight: document.Same("机密"),
				PageLabel:   document.Text{Orig: "第{page}页 共{pages}页", Trans: "Page {page} of {pages}"},
				FooterNote:  document.Same("&P is not a code here"),
			},
			caption: caption,
			head:    "&L编号 A&&B\nRef. A&&B&C附件\nAnnex&R机密",
			foot:    "&L&&P is not a code here&R第&P页 共&N页\nPage &P of &N",
		},
		{
			name:    "draft mark above the caption",
			doc:     document.Document{Draft: true, DraftMark: document.Text{Orig: "草稿", Trans: "DRAFT"}},
			caption: caption,
			head:    "&C&B草稿\nDRAFT&B\n附件\nAnnex",
		},
		{
			name: "draft mark alone",
			doc:  document.Document{Draft: true, DraftMark: document.Text{Orig: "草稿", Trans: "DRAFT"}},
			head: "&C&B草稿\nDRAFT&B",
		},
		{
			name: "draft mark only when drafting",
			doc:  document.Document{DraftMark: document.Text{Orig: "草稿", Trans: "DRAFT"}},
			none: true,
		},
		{
			name:    "too long in two languages: original only",
			doc:     document.Document{HeaderLeft: long, PageLabel: document.Same("{page}")},
			caption: caption,
			head:    "&L" + long.Orig + "&C附件",
			foot:    "&R&P",
		},
		{
			name: "too long in either language: left out",
			doc:  document.Document{HeaderLeft: document.Same(strings.Repeat("长", 300)), PageLabel: document.Same("{page}")},
			foot: "&R&P",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hf := headerFooter(&tt.doc, tt.caption)
			if tt.none {
				if hf != nil {
					t.Fatalf("headerFooter = %+v, want none", hf)
				}
				return
			}
			if hf == nil {
				t.Fatal("headerFooter = nil")
			}
			if hf.OddHeader != tt.head || hf.OddFooter != tt.foot {
				t.Errorf("header %q footer %q\nwant   %q footer %q", hf.OddHeader, hf.OddFooter, tt.head, tt.foot)
			}
			if utf16Len(hf.OddHeader) > maxHeaderFooter || utf16Len(hf.OddFooter) > maxHeaderFooter {
				t.Error("header or footer longer than Excel allows")
			}
		})
	}
}
