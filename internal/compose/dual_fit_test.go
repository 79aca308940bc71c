package compose

import (
	"strings"
	"testing"
)

// TestAustraliaIsSentNoComparableOffences: Australia asks for the text of
// each offence and its maximum penalty, with no need to identify an
// equivalent Australian offence; its request volunteers none.
func TestAustraliaIsSentNoComparableOffences(t *testing.T) {
	in := inputFor(t, loadCase(t, "examples/au-bribery.json"))
	zh, en := letter(t, in)
	for _, s := range []string{"Criminal Code Act 1995", "s 400.2B", "Criminal Code 2002 (ACT)", "Crimes Act 1900 (NSW)", "punish the same conduct include"} {
		if strings.Contains(en, s) {
			t.Errorf("the Australian request cites %q", s)
		}
	}
	wantAll(t, "English", en, "the text of each offence and its maximum penalty are set out above;")
	wantAll(t, "Chinese", zh, "所涉各项犯罪的法律条文及其最高刑罚已在上文列明")

	// Without the profile's fact, the same case gets the table, less the
	// offences its facts rule out: the A$10M offence for A$4.2M.
	delete(in.Profile.Facts, "dual_criminality.offence_text_only")
	_, en = letter(t, in)
	wantAll(t, "English", en, "s 400.3", "s 400.4")
	if strings.Contains(en, "s 400.2B") {
		t.Error("the A$10,000,000 offence is cited for A$4,200,000")
	}
}

// TestComparableOffencesFitTheOfficial: the head of a provincial
// department is not a judge or a member of a legislature.
func TestComparableOffencesFitTheOfficial(t *testing.T) {
	c := loadCase(t, "examples/ca-bribery-fr.json")
	c.Translation = "en"
	_, en := letter(t, inputFor(t, c))
	if !strings.Contains(en, "s 121(1)") || strings.Contains(en, "s 119") || strings.Contains(en, "Criminal Code, s 120") {
		t.Errorf("comparable offences for a department head:\n%s", en)
	}
	c.Persons[0].Official = "judicial_officer"
	_, en = letter(t, inputFor(t, c))
	if !strings.Contains(en, "s 119") {
		t.Error("a judicial officer's bribery does not cite s 119")
	}
}
