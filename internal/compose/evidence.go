package compose

import (
	"strconv"
	"strings"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/document"
)

// EvidenceList composes the evidence list: one table of evidence items, one
// of persons and one of assets. evidence.xlsx and evidence.pdf are both
// rendered from this document, so they cannot disagree.
func EvidenceList(in Input) (*document.Document, error) {
	k, err := newComposer(in)
	if err != nil {
		return nil, err
	}
	k.newDoc("evidence.title", document.Landscape)
	// The evidence list is one document with bilingual headers: drawing it
	// twice (separate layout) would only repeat the same tables.
	k.doc.Layout = document.Parallel
	if in.Layout == document.Columns {
		k.doc.Layout = document.Columns
	}
	c := k.c
	k.add(
		document.Heading{Level: 0, Outline: true, Number: "title", Text: k.doc.Meta.Title},
		document.Paragraph{Style: document.Centered, Text: k.msgT("evidence.subtitle", map[string]any{
			"Reference": c.Reference,
			"Date":      k.bi(k.date(c.Date)),
			"Count":     len(c.Evidence),
		})},
		document.Spacer{Height: 2},
	)
	k.add(document.Heading{Level: 1, Outline: true, Number: "evidence", Text: k.msg("evidence.heading.items", nil)})
	// The sections follow one another; a heading moves to the next page
	// with the start of its table when it does not fit.
	k.add(k.evidenceTable())
	if len(c.Evidence) == 0 && in.Draft {
		k.add(document.Paragraph{Text: k.gap("evidence")})
	}
	if len(c.Persons) > 0 {
		k.add(document.Heading{Level: 1, Outline: true, Number: "persons", Text: k.msg("evidence.heading.persons", nil)})
		k.add(k.personsTable())
	}
	if len(c.Assets) > 0 {
		k.add(document.Heading{Level: 1, Outline: true, Number: "assets", Text: k.msg("evidence.heading.assets", nil)})
		k.add(k.assetsTable())
	}
	k.guidance()
	if err := k.loc.Err(); err != nil {
		return nil, err
	}
	return k.doc, nil
}

func (k *composer) col(id string, width float64, kind document.CellKind) document.Column {
	return document.Column{Header: k.msg(id, nil), Width: width, Kind: kind}
}

// translation is col for a column that holds the translation of the
// column before it.
func (k *composer) translation(id string, width float64) document.Column {
	c := k.col(id, width, document.KindText)
	c.Translates = true
	return c
}

// hinted is col for a text column whose values are identifiers or amounts.
func (k *composer) hinted(id string, width float64, hint document.CellHint) document.Column {
	c := k.col(id, width, document.KindText)
	c.Hint = hint
	return c
}

// both renders a label in both languages in one cell: "书证 / Documentary".
func both(t document.Text) string {
	if t.Trans == "" || t.Trans == t.Orig {
		return t.Orig
	}
	return t.Orig + " / " + t.Trans
}

func opt(t *casefile.Text, lang string) string {
	if t == nil {
		return ""
	}
	return t.In(lang)
}

// usedBy maps evidence ids to the assistance items that rely on them.
func (k *composer) usedBy() map[string][]string {
	m := map[string][]string{}
	for _, a := range k.c.Assistance {
		for _, e := range a.Evidence {
			m[e] = append(m[e], a.ID)
		}
	}
	return m
}

func (k *composer) evidenceTable() document.Table {
	used := k.usedBy()
	t := document.Table{
		Sheet: k.loc.T(k.trans, "evidence.sheet.items", nil),
		Columns: []document.Column{
			k.col("evidence.col.no", 5, document.KindInteger),
			k.hinted("evidence.col.id", 6, document.HintID),
			k.col("evidence.col.title_orig", 26, document.KindText),
			k.translation("evidence.col.title_trans", 30),
			k.col("evidence.col.kind", 15, document.KindText),
			k.col("evidence.col.date", 14, document.KindDate),
			k.col("evidence.col.source_orig", 19, document.KindText),
			k.translation("evidence.col.source_trans", 23),
			k.col("evidence.col.pages", 8, document.KindInteger),
			k.col("evidence.col.original", 12, document.KindText),
			k.col("evidence.col.used_by", 11, document.KindText),
		},
	}
	files := k.hasFiles()
	if files {
		t.Columns = append(t.Columns, k.fileColumns()...)
	}
	for i, e := range k.c.Evidence {
		pages := ""
		if e.Pages > 0 {
			pages = strconv.Itoa(e.Pages)
		}
		orig := "copy"
		if e.Original {
			orig = "original"
		}
		title := k.cell(e.Title.In("zh"), k.orig, "title")
		if d := opt(e.Description, k.orig); d != "" {
			title += "\n" + d
		}
		titleT := k.cell(e.Title.In(k.trans), k.trans, "title")
		if d := opt(e.Description, k.trans); d != "" {
			titleT += "\n" + d
		}
		row := []string{
			strconv.Itoa(i + 1),
			k.cell(e.ID, k.orig, "id"),
			title,
			titleT,
			both(k.label("evidence.kind", e.Kind)),
			e.Date,
			opt(e.Source, k.orig),
			opt(e.Source, k.trans),
			pages,
			both(k.label("evidence.form", orig)),
			strings.Join(used[e.ID], ", "),
		}
		if files {
			row = append(row, k.fileCells(i)...)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func (k *composer) personsTable() document.Table {
	t := document.Table{
		Sheet: k.loc.T(k.trans, "evidence.sheet.persons", nil),
		Columns: []document.Column{
			k.hinted("persons.col.id", 6, document.HintID),
			k.col("persons.col.name_orig", 14, document.KindText),
			k.translation("persons.col.name_trans", 20),
			k.col("persons.col.role", 18, document.KindText),
			k.col("persons.col.sex", 10, document.KindText),
			k.col("persons.col.date_of_birth", 14, document.KindDate),
			k.col("persons.col.nationality", 10, document.KindText),
			k.col("persons.col.documents", 26, document.KindText),
			k.col("persons.col.address_orig", 30, document.KindText),
			k.translation("persons.col.address_trans", 36),
		},
	}
	for _, p := range k.c.Persons {
		var docs, addrO, addrT []string
		for _, d := range p.Documents {
			docs = append(docs, both(k.label("id_document", d.Type))+": "+d.Number+" ("+d.Country+")")
		}
		for _, a := range p.Addresses {
			addrO = append(addrO, a.Address.In("zh"))
			addrT = append(addrT, a.Address.In(k.trans))
		}
		sex := ""
		if p.Sex != "" {
			sex = both(k.label("sex", p.Sex))
		}
		t.Rows = append(t.Rows, []string{
			k.cell(p.ID, k.orig, "id"), k.cell(p.Name.In("zh"), k.orig, "name"), k.cell(p.Name.In(k.trans), k.trans, "name"), both(k.roleLabel(&p)), sex, p.DateOfBirth,
			strings.Join(p.Nationalities, ", "), strings.Join(docs, "\n"),
			strings.Join(addrO, "\n"), strings.Join(addrT, "\n"),
		})
	}
	return t
}

func (k *composer) assetsTable() document.Table {
	t := document.Table{
		Sheet: k.loc.T(k.trans, "evidence.sheet.assets", nil),
		Columns: []document.Column{
			k.hinted("assets.col.id", 5, document.HintID),
			k.col("assets.col.type", 12, document.KindText),
			k.col("assets.col.description_orig", 22, document.KindText),
			k.translation("assets.col.description_trans", 26),
			k.col("assets.col.location", 24, document.KindText),
			k.col("assets.col.holder", 13, document.KindText),
			k.col("assets.col.owner", 12, document.KindText),
			k.col("assets.col.institution", 15, document.KindText),
			k.hinted("assets.col.account", 13, document.HintID),
			k.hinted("assets.col.value", 13, document.HintAmount),
			k.col("assets.col.acquired", 11, document.KindDate),
			k.col("assets.col.proof_of_title", 26, document.KindText),
			k.col("assets.col.link", 26, document.KindText),
		},
	}
	for _, s := range k.c.Assets {
		holder, institution, title := "", "", ""
		if s.Holder != nil {
			holder = both(k.text(*s.Holder))
		}
		if s.Institution != nil {
			institution = both(k.text(*s.Institution))
		}
		if s.ProofOfTitle != nil {
			title = both(k.text(*s.ProofOfTitle))
		}
		owner := ""
		if s.Owner != "" {
			owner = s.Owner + " " + both(k.personName(s.Owner))
		}
		t.Rows = append(t.Rows, []string{
			s.ID, both(k.label("asset.type", s.Type)), s.Description.In("zh"), s.Description.In(k.trans),
			both(k.text(s.Location)), holder, owner, institution, s.Account, money(s.Value), s.Acquired,
			title, both(k.text(s.Link)),
		})
	}
	return t
}
