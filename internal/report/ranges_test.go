package report

import (
	"strings"
	"testing"
)

func TestNumberRanges(t *testing.T) {
	many := make([]int, 0, 200)
	for i := 1; i <= 200; i += 2 {
		many = append(many, i)
	}
	tests := []struct {
		in   []int
		want string
	}{
		{nil, ""},
		{[]int{4}, "4"},
		{[]int{1, 2, 3, 7, 9, 10}, "1-3, 7, 9-10"},
		{[]int{5, 5, 6}, "5-6"},
	}
	for _, tt := range tests {
		if got := numberRanges(tt.in); got != tt.want {
			t.Errorf("numberRanges(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
	got := numberRanges(many)
	if n := strings.Count(got, ","); n != maxRanges || !strings.HasSuffix(got, "…") {
		t.Errorf("100 separate numbers gave %d separators and %q at the end; want %d and …", n, got[len(got)-10:], maxRanges)
	}
}
