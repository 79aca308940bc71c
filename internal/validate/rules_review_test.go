package validate

import (
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/mla-dev/mla/internal/i18n"
)

// reviewCatalog loads the findings and report locale files.
func reviewCatalog(t testing.TB) *i18n.Catalog {
	return catalogOf(t, "findings.en.toml", "findings.zh-Hans.toml", "report.en.toml", "report.zh-Hans.toml")
}

// minimal returns the minimal valid fixture as a mutable instance.
func minimal(t *testing.T) map[string]any {
	t.Helper()
	f := load(t, "schemas/testdata/us/valid/minimal.json")
	var inst map[string]any
	if err := json.Unmarshal(f.Bytes, &inst); err != nil {
		t.Fatal(err)
	}
	return inst
}

// at returns the object at a pointer of inst (no escaping needed here).
func at(inst any, ptr string) map[string]any {
	v := inst
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		if tok == "" {
			continue
		}
		switch c := v.(type) {
		case map[string]any:
			v = c[tok]
		case []any:
			var i int
			_ = json.Unmarshal([]byte(tok), &i)
			v = c[i]
		}
	}
	return v.(map[string]any)
}

func addEvidence(inst map[string]any, id, kind string) {
	inst["evidence"] = append(inst["evidence"].([]any), map[string]any{
		"id": id, "kind": kind, "title": map[string]any{"zh": "银行流水", "en": "Bank statements"},
	})
}

func TestReviewRules(t *testing.T) {
	v := New(repo)
	cat := reviewCatalog(t)
	tests := []struct {
		name   string
		mutate func(inst map[string]any)
		want   []rp
		sev    Severity
	}{
		{"evidence used by no one", func(inst map[string]any) {
			addEvidence(inst, "E2", "bank_record")
		}, []rp{{"evidence.unused", "/evidence/1"}}, Warning},
		{"evidence used by an assistance item", func(inst map[string]any) {
			addEvidence(inst, "E2", "bank_record")
			at(inst, "/assistance/0")["evidence"] = []any{"E2"}
		}, []rp{}, ""},
		{"evidence cited in the facts", func(inst map[string]any) {
			addEvidence(inst, "E2", "bank_record")
			at(inst, "/case/facts")["zh"] = "张三收受财物（见证据E2）。"
		}, []rp{}, ""},
		{"evidence cited in a range", func(inst map[string]any) {
			addEvidence(inst, "E2", "bank_record")
			addEvidence(inst, "E3", "bank_record")
			addEvidence(inst, "E4", "bank_record")
			at(inst, "/case/facts")["en"] = "He took the money (evidence items E2 to E4)."
		}, []rp{}, ""},
		{"a number that only looks like an id is no citation", func(inst map[string]any) {
			addEvidence(inst, "E2", "bank_record")
			at(inst, "/persons/0")["id_documents"] = []any{map[string]any{"type": "passport", "number": "E2", "country": "CN"}}
			at(inst, "/case/facts")["en"] = "Passport E00000002; file FILE2; E22 is another item."
		}, []rp{{"evidence.unused", "/evidence/1"}}, Warning},
		{"an evidence item citing itself is not used", func(inst map[string]any) {
			addEvidence(inst, "E2", "bank_record")
			at(inst, "/evidence/1/title")["en"] = "Bank statements (E2)"
		}, []rp{{"evidence.unused", "/evidence/1"}}, Warning},
		{"a mistyped evidence reference is the one finding", func(inst map[string]any) {
			addEvidence(inst, "E2", "bank_record")
			at(inst, "/assistance/0")["evidence"] = []any{"E20"}
		}, []rp{{"ref.unresolved", "/assistance/0/evidence/0"}}, Error},
		{"Chinese that cannot be printed is the undrawable finding only", func(inst map[string]any) {
			at(inst, "/persons/0/name")["en"] = "ZHANG 𰀀"
		}, []rp{{"text.undrawable", "/persons/0/name/en"}}, Error},
		{"legal documents support the request as a whole", func(inst map[string]any) {
			addEvidence(inst, "E2", "legal_document")
		}, []rp{}, ""},
		{"duplicate evidence ids: the duplicate is the one finding", func(inst map[string]any) {
			addEvidence(inst, "E1", "bank_record")
		}, []rp{{"id.duplicate", "/evidence/1/id"}}, Error},
		{"unknown country", func(inst map[string]any) {
			at(inst, "/persons/0")["nationalities"] = []any{"CN", "XX"}
		}, []rp{{"country.unknown", "/persons/0/nationalities/1"}}, Error},
		{"unknown country of an address", func(inst map[string]any) {
			at(inst, "/persons/0")["addresses"] = []any{map[string]any{"address": map[string]any{"zh": "某地", "en": "Somewhere"}, "country": "UK"}}
		}, []rp{{"country.unknown", "/persons/0/addresses/0/country"}}, Error},
		{"a malformed country is the schema's finding only", func(inst map[string]any) {
			at(inst, "/persons/0")["nationalities"] = []any{"cn"}
		}, []rp{{"schema.pattern", "/persons/0/nationalities/0"}}, Error},
		{"unknown currency", func(inst map[string]any) {
			at(inst, "/case/offences/0")["amount"] = map[string]any{"amount": 5000000, "currency": "RMB"}
		}, []rp{{"currency.unknown", "/case/offences/0/amount/currency"}}, Error},
		{"no currency code XXX", func(inst map[string]any) {
			at(inst, "/case/offences/0")["amount"] = map[string]any{"amount": 5000000, "currency": "XXX"}
		}, []rp{{"currency.unknown", "/case/offences/0/amount/currency"}}, Error},
		{"amounts are positive", func(inst map[string]any) {
			at(inst, "/case/offences/0")["amount"] = map[string]any{"amount": -1, "currency": "CNY"}
		}, []rp{{"schema.exclusive_minimum", "/case/offences/0/amount/amount"}}, Error},
		{"Chinese left in the English", func(inst map[string]any) {
			at(inst, "/case/facts")["en"] = "From 2020 to 2023 Zhang San accepted property worth 人民币500万元."
		}, []rp{{"text.chinese_in_translation", "/case/facts/en"}}, Warning},
		{"a copy of the Chinese is one finding", func(inst map[string]any) {
			at(inst, "/case/title")["en"] = at(inst, "/case/title")["zh"]
		}, []rp{{"text.untranslated", "/case/title/en"}}, Warning},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inst := minimal(t)
			tt.mutate(inst)
			r := validate(t, v, parse(t, "case.json", inst))
			if got := rulesAt(r); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for _, f := range r.Findings {
				if f.Severity != tt.sev {
					t.Errorf("%s: severity %s, want %s", f.Rule, f.Severity, tt.sev)
				}
				if f.Source == "" || f.Source == "mla" && strings.Contains(f.Rule, "unknown") {
					t.Errorf("%s: source %q", f.Rule, f.Source)
				}
			}
			if err := Localize(r, cat); err != nil {
				t.Fatal(err)
			}
			for _, f := range r.Findings {
				if !strings.Contains(f.Message["en"], f.Pointer) || !strings.Contains(f.Message["zh"], f.Pointer) {
					t.Errorf("%s: messages do not name %s: %q", f.Rule, f.Pointer, f.Message)
				}
			}
		})
	}
}

func TestChineseInTranslationQuotesTheChinese(t *testing.T) {
	v := New(repo)
	inst := minimal(t)
	at(inst, "/case/facts")["en"] = "He accepted 人民币500万元 from 李某 and 王某、赵某 and 钱某."
	r := validate(t, v, parse(t, "case.json", inst))
	if err := Localize(r, reviewCatalog(t)); err != nil {
		t.Fatal(err)
	}
	if len(r.Findings) != 1 {
		t.Fatalf("got %v", rulesAt(r))
	}
	en := r.Findings[0].Message["en"]
	for _, want := range []string{"“人民币”", "“万元”", "“李某”"} {
		if !strings.Contains(en, want) {
			t.Errorf("message %q does not quote %s", en, want)
		}
	}
	if strings.Contains(en, "钱某") {
		t.Errorf("message %q quotes more than three runs", en)
	}
}

// TestCodeLists checks the embedded ISO lists against Debian's iso-codes,
// the source they were taken from, when it is installed.
func TestCodeLists(t *testing.T) {
	countries, csrc := Countries()
	currencies, msrc := Currencies()
	if len(countries) < 240 || len(currencies) < 150 || csrc == "" || msrc == "" {
		t.Fatalf("lists too short or without source: %d %d %q %q", len(countries), len(currencies), csrc, msrc)
	}
	for _, c := range []string{"CN", "US", "CA", "AU", "NZ", "HK", "MO", "TW"} {
		if !contains(countries, c) {
			t.Errorf("country %s missing", c)
		}
	}
	for _, c := range []string{"CNY", "USD", "CAD", "AUD", "NZD", "HKD", "EUR"} {
		if !contains(currencies, c) {
			t.Errorf("currency %s missing", c)
		}
	}
	for _, c := range []string{"XTS", "XXX", "RMB"} {
		if contains(currencies, c) {
			t.Errorf("currency %s must not be accepted", c)
		}
	}

	dir := "/usr/share/iso-codes/json"
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("iso-codes is not installed: %v", err)
		}
		t.Skip("iso-codes is not installed")
	}
	read := func(name, list, key string) []string {
		data, err := os.ReadFile(dir + "/" + name)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string][]map[string]string
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range m[list] {
			if c := e[key]; c != "XTS" && c != "XXX" {
				out = append(out, c)
			}
		}
		sort.Strings(out)
		return out
	}
	if want := read("iso_3166-1.json", "3166-1", "alpha_2"); !reflect.DeepEqual(countries, want) {
		t.Errorf("countries differ from iso-codes: %d here, %d there", len(countries), len(want))
	}
	if want := read("iso_4217.json", "4217", "alpha_3"); !reflect.DeepEqual(currencies, want) {
		t.Errorf("currencies differ from iso-codes: %d here, %d there", len(currencies), len(want))
	}
}
