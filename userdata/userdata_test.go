package userdata

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSettingsRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "user.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Settings()
	if err != nil || got != Defaults {
		t.Fatalf("new store Settings() = %+v, %v; want defaults", got, err)
	}
	want := Settings{Lang: "fa-AF", Country: "de", Origin: "af", Stage: "first-weeks", TextScale: 1.5, Onboarded: true}
	if err := s.SaveSettings(want); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got, _ := s.Settings(); got != want {
		t.Errorf("after reopen Settings() = %+v, want %+v", got, want)
	}
}

func TestDamagedFileIsReportedNotReplaced(t *testing.T) {
	path := filepath.Join(t.TempDir(), "user.db")
	junk := []byte("this is not a database, but it is the reader's file")
	os.WriteFile(path, append(junk, make([]byte, 4096)...), 0o600)
	if _, err := Open(path); err == nil {
		t.Fatal("Open accepted a damaged file")
	}
	after, _ := os.ReadFile(path)
	if string(after[:len(junk)]) != string(junk) {
		t.Error("damaged user.db was changed")
	}
}

func TestOpenMemory(t *testing.T) {
	s := OpenMemory()
	if err := s.SaveSettings(Settings{Lang: "ar", TextScale: 1}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Settings(); got.Lang != "ar" {
		t.Errorf("memory store lost a setting: %+v", got)
	}
}
