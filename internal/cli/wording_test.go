package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// unwanted are wordings a request sent abroad must not use, with why.
var unwanted = []struct{ text, why string }{
	{"我国", "a text addressed abroad names the People's Republic of China or the Chinese side"},
	{"constitutes the following offences", "the offences are alleged (涉嫌触犯), not established"},
	{"Les faits exposés ci-dessus constituent", "the offences are alleged (Il est allégué que les faits…), not established"},
	{"上述行为涉嫌触犯", "the offences may be set out before the facts (Australia): 本请求所述行为"},
	{"Expéditeur", "the requesting authority is the Autorité requérante"},
	{"réclusion", "Canadian French says emprisonnement à perpétuité"},
	{"密级", "a PRC classification means nothing to the requested state: ask for confidentiality"},
	{"Classification", "a PRC classification means nothing to the requested state: ask for confidentiality"},
	{"International Criminal Judicial Assistance", "the ICJAL's NPC English title is the Law … on International Mutual Legal Assistance in Criminal Matters"},
	{"可能性依据", "probable cause is 相当理由"},
}

// TestRequestWording reads every example's request back from request.pdf,
// page furniture included, and fails on a wording that must not come
// back; a classified or confidential case asks for confidentiality in its
// header instead of printing its classification.
func TestRequestWording(t *testing.T) {
	names := exampleCases(t)
	if len(names) < 4 {
		t.Fatalf("want an example per state, found %d", len(names))
	}
	for _, name := range names {
		t.Run(filepath.Base(name), func(t *testing.T) {
			raw, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			var c struct {
				Classification string `json:"classification"`
				Assurances     struct {
					Confidentiality bool `json:"confidentiality"`
				} `json:"assurances"`
			}
			if err := json.Unmarshal(raw, &c); err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(t.TempDir(), "bundle")
			if code, _, errs := run(t, nil, generateArgs(t, name, "--out", dir)...); code != 0 {
				t.Fatalf("generate: exit %d\n%s", code, errs)
			}
			req := pdfText(t, filepath.Join(dir, "request.pdf"))
			flat := squeeze(req)
			for _, u := range unwanted {
				if strings.Contains(flat, squeeze(u.text)) {
					t.Errorf("request.pdf says %q: %s", u.text, u.why)
				}
			}
			if (c.Classification != "" && c.Classification != "none") || c.Assurances.Confidentiality {
				if !strings.Contains(flat, "请予保密") {
					t.Error("a confidential case's request does not ask for confidentiality (请予保密)")
				}
			}
		})
	}
}
