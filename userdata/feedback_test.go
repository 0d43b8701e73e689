package userdata

import (
	"errors"
	"path/filepath"
	"testing"
	"time"
)

func TestReportsWaitUntilSentAndSurviveReopening(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	first := QueuedReport{ItemID: "de-hl-112", Title: "Fire brigade and ambulance", Publisher: "Safar editorial team",
		Release: 4, Lang: "ar", AppVersion: "0.1.0", Category: "wrong-contact", Text: "الرقم لا يعمل",
		Folder: "de/", Channel: `{"Folder":"de/","Mailto":"feedback@example.org"}`}
	id1, err := s.QueueReport(first, at)
	if err != nil {
		t.Fatal(err)
	}
	story := QueuedReport{Publisher: "Safar editorial team", Lang: "fa-AF", AppVersion: "0.1.0", Category: "story",
		Text: "داستان من", Folder: "de/", Channel: first.Channel}
	id2, err := s.QueueReport(story, at.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := s.WaitingReports(); n != 2 {
		t.Errorf("waiting %d, want 2", n)
	}
	if err := s.MarkReportSent(id2, at.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Reports()
	if err != nil || len(got) != 2 {
		t.Fatalf("%+v, %v", got, err)
	}
	// Waiting first.
	if got[0].ID != id1 || !got[0].Waiting() || got[1].ID != id2 || got[1].Waiting() {
		t.Errorf("order or state: %+v", got)
	}
	want := first
	want.ID, want.QueuedAt = id1, at
	if got[0] != want {
		t.Errorf("kept\n%+v\nwant\n%+v", got[0], want)
	}
	if !got[1].SentAt.Equal(at.Add(2 * time.Minute)) {
		t.Errorf("sent at %v", got[1].SentAt)
	}
	if n, _ := s.WaitingReports(); n != 1 {
		t.Errorf("waiting %d, want 1", n)
	}
	if err := s.DeleteReport(id1); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Report(id1); !errors.Is(err, ErrReportMissing) {
		t.Errorf("deleted report: %v", err)
	}
	if err := s.MarkReportSent(id1, at); !errors.Is(err, ErrReportMissing) {
		t.Errorf("marking a deleted report: %v", err)
	}
}
