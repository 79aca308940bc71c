package casefile

// AnnexTranslation is the translation of an annex (ICJAL art. 10(2)): its
// language and, optionally, the file that holds it; or None when the annex
// has no translation.
type AnnexTranslation struct {
	Language string `json:"language,omitempty"`
	File     string `json:"file,omitempty"`
	None     bool   `json:"none,omitempty"`
}
