package main

import (
	"regexp"
	"testing"
)

func TestVersionComesFromFyneAppTOML(t *testing.T) {
	if v := version(); !regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+$`).MatchString(v) {
		t.Errorf("version %q", v)
	}
}
