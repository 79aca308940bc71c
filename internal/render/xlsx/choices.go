package xlsx

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/mla-dev/mla/internal/document"
)

// maxListChars is the longest list, separators included, that a
// spreadsheet accepts typed into a data validation.
const maxListChars = 255

// checkChoices refuses choices that cannot be written as a typed list.
func checkChoices(t document.Table) error {
	for i, c := range t.Columns {
		if len(c.Choices) == 0 {
			continue
		}
		for _, ch := range c.Choices {
			if strings.TrimSpace(ch) == "" || strings.ContainsAny(ch, ",\"") {
				return fmt.Errorf("%w: %q column %d: choice %q", ErrChoices, t.Sheet, i+1, ch)
			}
		}
		if n := utf16Len(strings.Join(c.Choices, ",")); n > maxListChars {
			return fmt.Errorf("%w: %q column %d: %d characters, at most %d", ErrChoices, t.Sheet, i+1, n, maxListChars)
		}
	}
	return nil
}

// addChoices gives the data cells of every column with choices a
// drop-down list of them. A cell may also be left blank; anything else is
// refused with the spreadsheet's standard message.
func addChoices(f *excelize.File, sheet string, t document.Table) error {
	if len(t.Rows) == 0 {
		return nil
	}
	for i, c := range t.Columns {
		if len(c.Choices) == 0 {
			continue
		}
		from, err := excelize.CoordinatesToCellName(i+1, 2)
		if err != nil {
			return err
		}
		to, err := excelize.CoordinatesToCellName(i+1, len(t.Rows)+1)
		if err != nil {
			return err
		}
		dv := excelize.NewDataValidation(true)
		dv.Sqref = from + ":" + to
		if err := dv.SetDropList(c.Choices); err != nil {
			return fmt.Errorf("%w: %v", ErrChoices, err)
		}
		if err := f.AddDataValidation(sheet, dv); err != nil {
			return err
		}
	}
	return nil
}
