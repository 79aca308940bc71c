package cli

import (
	"regexp"
	"testing"

	mla "github.com/mla-dev/mla"
)

// TestIntakeOffenceChoices: the workbook's drop-down of offences offers
// only what the schema accepts as a case's offence (an article that
// defines a term, such as art. 93, is not one).
func TestIntakeOffenceChoices(t *testing.T) {
	a := &app{env: Env{Assets: mla.Assets(), Getenv: func(string) string { return "" }}, lang: "zh"}
	if err := a.load(); err != nil {
		t.Fatal(err)
	}
	o, err := a.intakeWriteOptions()
	if err != nil {
		t.Fatal(err)
	}
	id := regexp.MustCompile(`^CN-CL-[0-9]{3}(-[0-9])?$`) // schemas/case.schema.json, offenceId
	list := o.Choices["offences/id"]
	if len(list) < 10 {
		t.Fatalf("%d offences offered", len(list))
	}
	for _, c := range list {
		if !id.MatchString(c.Value) {
			t.Errorf("the drop-down offers %s (%s), which the schema refuses", c.Value, c.Label)
		}
	}
}
