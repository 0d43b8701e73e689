package main

import (
	_ "embed"

	"github.com/BurntSushi/toml"
)

//go:embed FyneApp.toml
var fyneAppTOML []byte

// version is the app version FyneApp.toml names. `fyne package` stamps it
// into the app's metadata; a plain `go build` does not, and a report to a
// publisher should still say which version the reader has.
func version() string {
	var m struct{ Details struct{ Version string } }
	if _, err := toml.Decode(string(fyneAppTOML), &m); err != nil {
		return ""
	}
	return m.Details.Version
}
