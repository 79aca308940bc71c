package validate

import (
	"slices"

	"github.com/mla-dev/mla/internal/casefacts"
	"github.com/mla-dev/mla/internal/profile"
)

// functionsRule: a request drafted by a supervisory commission must say
// what the commission is and that its investigation of duty crimes is a
// criminal investigation (UNCAC art. 46(15)(b)); the request composes that
// clause where the state's template has the content authority_functions. A
// template without it (a state added with --assets) gets a warning.
func functionsRule(root map[string]any, t *profile.Template) []Finding {
	if t == nil || casefacts.OrganKind(zhOf(child(root, "requesting_authority")["name"])) != casefacts.Supervisory {
		return nil
	}
	for _, s := range t.Sections {
		if slices.Contains(s.Content, "authority_functions") {
			return nil
		}
	}
	const ptr = "/requesting_authority/name"
	return []Finding{{Pointer: ptr, Rule: "authority.functions_missing", Args: map[string]any{"Field": ptr}}}
}

// approvalRule (a review note, StateReview.Add): the request says the
// competent authority approved it (ICJAL art. 9), and the transmittal
// repeats it; without the approval's reference the reviewer is reminded
// that the request cannot be sent before it is given.
func approvalRule(root map[string]any) []Finding {
	ap := child(child(root, "requesting_authority"), "approval")
	if ref, _ := ap["reference"].(string); ref != "" {
		return nil
	}
	const ptr = "/requesting_authority/approval"
	return []Finding{{Pointer: ptr, Rule: "authority.approval_missing", Args: map[string]any{"Field": ptr}}}
}
