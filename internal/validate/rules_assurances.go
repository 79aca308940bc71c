package validate

// assuranceRules are the notes on the draft of assurances (assurances.pdf):
//
//	rule                            severity  what
//	assurances.decision_missing     warning   a commitment on sentencing that cites no decision of
//	                                          the Supreme People's Court yet (ICJAL art. 11)
//	assurances.wording_unconfirmed  info      the commitment's wording follows the literature, not
//	                                          a decision mla has seen
func assuranceRules(root map[string]any) []Finding {
	s, ok := asMap(root["assurances"])["sentencing"].(map[string]any)
	if !ok {
		return nil
	}
	const ptr = "/assurances/sentencing"
	out := []Finding{{Pointer: ptr, Rule: "assurances.wording_unconfirmed", Args: map[string]any{"Field": ptr}}}
	if ref, _ := asMap(s["decision"])["reference"].(string); ref == "" {
		out = append(out, Finding{Pointer: ptr, Rule: "assurances.decision_missing", Args: map[string]any{"Field": ptr}})
	}
	return out
}
