package i18n

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func readFixture(t *testing.T, fx *fixture) *Set {
	t.Helper()
	s, err := ReadSet(fx.fs(), "locales")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// importRows turns exported rows into the rows of a sheet, numbered from 2
// (row 1 is the header).
func importRows(rows []Row) []ImportRow {
	out := make([]ImportRow, len(rows))
	for i, r := range rows {
		out[i] = ImportRow{Row: i + 2, ID: r.ID, Form: r.Form, Translation: r.Translation, Status: r.Status,
			SourceHash: r.SourceHash, Base: r.Base}
	}
	return out
}

func TestExport(t *testing.T) {
	fx := newFixture()
	fx.en.Messages[0].Forms["other"] = "Translation" // fr and zh of app.title are now stale
	fx.fr.Messages = fx.fr.Messages[:3]              // app.page missing
	s := readFixture(t, fx)
	rows, err := s.Export("fr")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, r.ID+"/"+r.Form+"="+r.Status)
	}
	want := "app.title/other=stale app.greet/other=done app.items/one=done app.items/many=done app.items/other=done app.page/other=missing"
	if strings.Join(got, " ") != want {
		t.Errorf("rows %s\nwant %s", strings.Join(got, " "), want)
	}
	many := rows[3]
	if many.Source != "{{.Count}} items" || many.Reference != "{{.Count}} 项" || many.Translation != "{{.Count}} d’éléments" {
		t.Errorf("many row: %+v (a form the source lacks shows its other form)", many)
	}
	if rows[1].Placeholders != "{{.Name}}" || rows[5].Placeholders != "{pages} {page}" || rows[0].File != "app.fr.toml" {
		t.Errorf("rows: %+v", rows)
	}
	if _, err := s.Export("en"); !errors.Is(err, ErrSourceLanguage) {
		t.Errorf("export of the source: %v", err)
	}
	// A new language: every row is missing, with its own plural forms.
	rows, err = s.Export("ru")
	if err != nil {
		t.Fatal(err)
	}
	var forms []string
	for _, r := range rows {
		if r.Status != StatusMissing {
			t.Errorf("ru row %s/%s is %s", r.ID, r.Form, r.Status)
		}
		if r.ID == "app.items" {
			forms = append(forms, r.Form)
		}
	}
	if strings.Join(forms, " ") != "one few many other" {
		t.Errorf("ru forms of app.items: %v", forms)
	}
}

func TestImportWithoutEditsChangesNothing(t *testing.T) {
	fx := newFixture()
	fx.en.Messages[0].Forms["other"] = "Translation" // a stale row stays stale
	fx.fr.Messages = fx.fr.Messages[:3]              // a missing row stays missing
	s := readFixture(t, fx)
	for _, lang := range []string{"fr", "zh-Hans", "de"} {
		rows, err := s.Export(lang)
		if err != nil {
			t.Fatal(err)
		}
		// A missing row marked done, with no text, confirms nothing.
		for i := range rows {
			if rows[i].Status == StatusMissing {
				rows[i].Status = StatusDone
			}
		}
		files, n, errs := s.Import(lang, importRows(rows), nil)
		if len(files) != 0 || n != 0 || len(errs) != 0 {
			t.Errorf("%s: %d files, %d changes, %v", lang, len(files), n, errs)
		}
	}
}

func TestImportEdits(t *testing.T) {
	fx := newFixture()
	fx.en.Messages[0].Forms["other"] = "Translation" // app.title: stale in fr
	fx.fr.Messages = fx.fr.Messages[:3]              // app.page: missing in fr
	s := readFixture(t, fx)
	rows, err := s.Export("fr")
	if err != nil {
		t.Fatal(err)
	}
	set := func(id, form, text, status string) {
		for i := range rows {
			if rows[i].ID == id && rows[i].Form == form {
				if text != "" {
					rows[i].Translation = text
				}
				if status != "" {
					rows[i].Status = status
				}
			}
		}
	}
	set("app.title", "other", "Traduction", "")
	set("app.greet", "other", "Salut {{.Name}}", "")
	set("app.page", "other", "p. {page}/{pages}", "")
	files, n, errs := s.Import("fr", importRows(rows), nil)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if n != 3 || len(files) != 1 {
		t.Fatalf("%d changes in %d files, want 3 in 1", n, len(files))
	}
	f := files[0]
	if f.Path != "locales/app.fr.toml" {
		t.Errorf("path %s", f.Path)
	}
	var ids []string
	for _, m := range f.Messages {
		ids = append(ids, m.ID)
		src := s.File("app", "en").Message(m.ID)
		if m.Hash != SourceHash(src) || m.Description != src.Description {
			t.Errorf("%s: hash %s, description %q: not the current source's", m.ID, m.Hash, m.Description)
		}
	}
	if strings.Join(ids, " ") != "app.title app.greet app.items app.page" {
		t.Errorf("messages not in source order: %v", ids)
	}
	if f.Message("app.page").Forms["other"] != "p. {page}/{pages}" {
		t.Error("new message not written")
	}
	// Written back and read again, the French file passes the check (the
	// Chinese one is stale: its source changed).
	fx.fr = f
	for _, p := range errorsOf(fx.check(t)) {
		if p.File == f.Path {
			t.Errorf("after import: %+v", p)
		}
	}
}

func TestImportConfirmsStale(t *testing.T) {
	fx := newFixture()
	fx.en.Messages[2].Forms["other"] = "{{.Count}} things" // app.items: stale, three forms
	s := readFixture(t, fx)
	rows, _ := s.Export("fr")
	// Confirming one form of three records nothing.
	for i := range rows {
		if rows[i].ID == "app.items" && rows[i].Form == "other" {
			rows[i].Status = "Done "
		}
	}
	files, n, errs := s.Import("fr", importRows(rows), nil)
	if len(errs) > 0 || n != 0 || len(files) != 0 {
		t.Fatalf("one form confirmed: %d changes, %v", n, errs)
	}
	// Confirming all three stamps the message, and changes no text.
	for i := range rows {
		if rows[i].ID == "app.items" {
			rows[i].Status = StatusDone
		}
	}
	files, n, errs = s.Import("fr", importRows(rows), nil)
	if len(errs) > 0 || n != 1 || len(files) != 1 {
		t.Fatalf("all forms confirmed: %d changes, %v", n, errs)
	}
	old := s.File("app", "fr").Encode()
	got := files[0].Encode()
	if d := lineDiff(old, got); d != 1 {
		t.Errorf("%d lines changed, want only the hash line:\n%s", d, got)
	}
}

func lineDiff(a, b []byte) int {
	la, lb := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	if len(la) != len(lb) {
		return -1
	}
	n := 0
	for i := range la {
		if !bytes.Equal(la[i], lb[i]) {
			n++
		}
	}
	return n
}

func TestImportRefusesRows(t *testing.T) {
	tests := []struct {
		name string
		edit func(rows []ImportRow) []ImportRow
		kind string
	}{
		{"misspelt placeholder", func(r []ImportRow) []ImportRow { r[1].Translation = "Salut {{.Nmae}}"; return r }, "placeholder_unknown"},
		{"dropped placeholder", func(r []ImportRow) []ImportRow { r[1].Translation = "Salut"; return r }, "placeholder_missing"},
		{"broken template", func(r []ImportRow) []ImportRow { r[1].Translation = "Salut {{.Name"; return r }, "template"},
		{"unknown id", func(r []ImportRow) []ImportRow { r[1].ID = "app.nope"; return r }, "unknown_id"},
		{"unknown form", func(r []ImportRow) []ImportRow { r[2].Form = "few"; return r }, "unknown_form"},
		{"row twice", func(r []ImportRow) []ImportRow { return append(r, r[0]) }, "duplicate"},
		{"status typo", func(r []ImportRow) []ImportRow { r[0].Status = "fini"; return r }, "bad_status"},
		{"hash edited", func(r []ImportRow) []ImportRow { r[0].Translation = "x"; r[0].SourceHash = "abc"; return r }, "bad_hash"},
		{"cleared", func(r []ImportRow) []ImportRow { r[0].Translation = ""; return r }, "cleared"},
		{"file changed since", func(r []ImportRow) []ImportRow {
			r[0].Translation = "Traduction"
			r[0].Base = TextHash("something else")
			return r
		}, "conflict"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := readFixture(t, newFixture())
			rows, _ := s.Export("fr")
			in := importRows(rows)
			in[len(in)-1].Translation = "p. {page}/{pages}" // a good edit, not written either
			in = tt.edit(in)
			files, n, errs := s.Import("fr", in, nil)
			if files != nil || n != 0 {
				t.Errorf("wrote %d files although a row was refused", len(files))
			}
			if len(errs) != 1 || errs[0].Kind != tt.kind || errs[0].Row < 2 {
				t.Errorf("errors %v, want one %s naming its row", errs, tt.kind)
			}
		})
	}
}

func TestImportNewLanguage(t *testing.T) {
	s := readFixture(t, newFixture())
	rows, _ := s.Export("de")
	rows[0].Translation = "Übersetzungen"
	header := func(g string) []string { return []string{"# " + g + " in German"} }
	files, n, errs := s.Import("de", importRows(rows), header)
	if len(errs) > 0 || n != 1 || len(files) != 1 {
		t.Fatalf("%d changes, %v", n, errs)
	}
	want := "# app in German\n\n[\"app.title\"]\ndescription = \"Window title.\"\nhash = \"" + SourceHash(s.File("app", "en").Messages[0]) + "\"\nother = \"Übersetzungen\"\n"
	if got := string(files[0].Encode()); got != want || files[0].Path != "locales/app.de.toml" {
		t.Errorf("%s:\n%s\nwant\n%s", files[0].Path, got, want)
	}
	if _, _, errs := s.Import("en", nil, nil); len(errs) != 1 || errs[0].Kind != "source_language" {
		t.Errorf("import into the source: %v", errs)
	}
}

func TestStamp(t *testing.T) {
	fx := newFixture()
	fx.fr.Messages[0].Hash = ""
	fx.fr.Messages[1].Hash = "sha1-old"
	s := readFixture(t, fx)
	files, stamped, unknown, err := s.Stamp("fr", nil)
	if err != nil || len(unknown) > 0 {
		t.Fatal(err, unknown)
	}
	if strings.Join(stamped, " ") != "app.title" || len(files) != 1 {
		t.Errorf("stamped %v, want only the translation without a hash", stamped)
	}
	files, stamped, _, _ = s.Stamp("fr", []string{"app.greet"})
	if strings.Join(stamped, " ") != "app.greet" || files[0].Message("app.greet").Hash != SourceHash(s.File("app", "en").Message("app.greet")) {
		t.Errorf("stamped %v", stamped)
	}
	if files[0].Message("app.title").Hash != "" {
		t.Error("stamping one id stamped another")
	}
	_, _, unknown, _ = s.Stamp("fr", []string{"app.greet", "app.nope"})
	if strings.Join(unknown, " ") != "app.nope" {
		t.Errorf("unknown %v", unknown)
	}
	if _, _, _, err := s.Stamp("en", nil); !errors.Is(err, ErrSourceLanguage) {
		t.Errorf("stamp of the source: %v", err)
	}
}

// The same edited sheet imported twice changes the file once.
func TestImportTwice(t *testing.T) {
	fx := newFixture()
	s := readFixture(t, fx)
	rows, _ := s.Export("fr")
	rows[0].Translation = "Les traductions"
	files, n, errs := s.Import("fr", importRows(rows), nil)
	if len(errs) > 0 || n != 1 {
		t.Fatalf("first import: %d changes, %v", n, errs)
	}
	fx.fr = files[0]
	files, n, errs = readFixture(t, fx).Import("fr", importRows(rows), nil)
	if len(errs) > 0 || n != 0 || len(files) != 0 {
		t.Errorf("second import: %d changes in %d files, %v", n, len(files), errs)
	}
}
