package app

import (
	"os"
	"testing"

	"safar.app/safar/internal/packtest"
)

// TestMain removes the content.db that packtest installs once for all the
// package's test apps.
func TestMain(m *testing.M) {
	code := m.Run()
	packtest.Remove()
	os.Exit(code)
}
