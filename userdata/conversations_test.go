package userdata

import (
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// TestSavedConversationsListOpenDelete: summaries are listed newest first,
// each opens by id, and a deleted one is gone after reopening user.db.
func TestSavedConversationsListOpenDelete(t *testing.T) {
	path := filepath.Join(t.TempDir(), "user.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	first := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for i, text := range []string{"10:00  Pain? → 7/10", "11:00  Fever? → Yes"} {
		if err := s.SaveConversation(text, first.Add(time.Duration(i)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	list, err := s.SavedConversations()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Summary != "11:00  Fever? → Yes" || !list[1].SavedAt.Equal(first) {
		t.Fatalf("saved = %+v", list)
	}
	one, err := s.SavedConversation(list[1].ID)
	if err != nil || one.Summary != "10:00  Pain? → 7/10" {
		t.Fatalf("open %d = %+v, %v", list[1].ID, one, err)
	}
	if err := s.DeleteConversation(list[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteConversation(list[0].ID); err != nil {
		t.Errorf("deleting twice: %v", err)
	}
	s.Close()

	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	list, _ = s.SavedConversations()
	if len(list) != 1 || list[0].Summary != "10:00  Pain? → 7/10" {
		t.Errorf("after delete and reopen: %+v", list)
	}
	if _, err := s.SavedConversation(999); !errors.Is(err, ErrNoConversation) {
		t.Errorf("missing conversation: %v", err)
	}
}
