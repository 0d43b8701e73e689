// Package assets holds what ships inside the binary: the script fonts (with
// their licence), the app icon and the default content source tree.
package assets

import (
	"embed"
	"io/fs"
)

//go:embed fonts/*.ttf
var fonts embed.FS

//go:embed icons/safar.png
var Icon []byte

//go:embed all:content
var contentTree embed.FS

//go:embed trust
var trust embed.FS

// Font returns a bundled font file by name, e.g. "NotoSansArabic-Regular.ttf".
func Font(name string) []byte {
	b, err := fonts.ReadFile("fonts/" + name)
	if err != nil {
		panic("assets: missing font " + name) // a build defect, caught by tests
	}
	return b
}

// Content is the default content source tree, rooted at its country folders.
func Content() fs.FS {
	sub, err := fs.Sub(contentTree, "content")
	if err != nil {
		panic(err)
	}
	return sub
}

// TrustRoot is the root of trust of the project's feed built into the app,
// or nil in a build that carries none (see trust/README.md).
func TrustRoot() []byte {
	b, err := trust.ReadFile("trust/root.json")
	if err != nil {
		return nil
	}
	return b
}

// ShippedReleases are the feed's releases the embedded content is a snapshot
// of (trust/releases.json, written by safar-publish snapshot), or nil.
func ShippedReleases() []byte {
	b, err := trust.ReadFile("trust/releases.json")
	if err != nil {
		return nil
	}
	return b
}
