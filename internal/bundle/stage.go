//go:build !testhooks || !unix

package bundle

// stage marks a step of WriteWith: "tmp" (the temporary folder exists),
// "file:NAME" (after each file), "synced", "aside" (an existing bundle was
// moved aside), "renamed" (the new bundle is in place) and "done". It does
// nothing: only a build for the kill tests, with the tag testhooks, gives
// it a body (stage_testhooks.go).
func stage(string) {}
