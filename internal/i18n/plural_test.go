package i18n

import (
	"errors"
	"strings"
	"testing"
)

func TestPluralForms(t *testing.T) {
	tests := []struct {
		tag  string
		want string
	}{
		{"en", "one other"},
		{"fr", "one many other"},
		{"fr-CA", "one many other"},
		{"zh-Hans", "other"},
		{"ja", "other"},
		{"de", "one other"},
		{"ru", "one few many other"},
		{"pl", "one few many other"},
		{"ar", "zero one two few many other"},
		{"cy", "zero one two few many other"},
		{"lv", "zero one other"},
	}
	for _, tt := range tests {
		t.Run(tt.tag, func(t *testing.T) {
			got, err := PluralForms(tt.tag)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("PluralForms(%q) = %v, want %s", tt.tag, got, tt.want)
			}
		})
	}
}

func TestPluralFormsUnknown(t *testing.T) {
	for _, tag := range []string{"tlh", "not a tag"} {
		if _, err := PluralForms(tag); err == nil {
			t.Errorf("PluralForms(%q) gave no error", tag)
		} else if tag == "tlh" && !errors.Is(err, ErrNoPluralRule) {
			t.Errorf("PluralForms(%q): %v, want ErrNoPluralRule", tag, err)
		}
	}
}
