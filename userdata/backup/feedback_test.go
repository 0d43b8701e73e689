package backup

import (
	"bytes"
	"testing"
	"time"

	"safar.app/safar/userdata"
)

// reportText is what a reader wrote in a queued report: the backup must
// carry it, encrypted.
const reportText = "رقم الهاتف تغيّر منذ شهر"

// queueReports queues one report waiting to send and one sent story.
func queueReports(t testing.TB, s *userdata.Store) {
	t.Helper()
	at := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	if _, err := s.QueueReport(userdata.QueuedReport{ItemID: "de-hl-116016", Title: "Violence against women helpline",
		Publisher: "Safar editorial team", Release: 3, Lang: "ar", AppVersion: "0.1.0", Category: "wrong-contact",
		Text: reportText, Folder: "de/", Channel: `{"Folder":"de/","Mailto":"feedback@example.org"}`}, at); err != nil {
		t.Fatal(err)
	}
	id, err := s.QueueReport(userdata.QueuedReport{Publisher: "Safar editorial team", Release: 3, Lang: "ti",
		AppVersion: "0.1.0", Category: "story", Text: "ዛንታይ", Folder: "de/", Channel: `{"Folder":"de/","Mailto":"feedback@example.org"}`}, at)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.MarkReportSent(id, at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
}

// TestQueuedReportsTravelWithTheBackup: a report waiting to send on the
// old phone is waiting to send on the new one, and a sent one stays sent.
func TestQueuedReportsTravelWithTheBackup(t *testing.T) {
	orig := filled(t, 0)
	b := orig.backup(t)
	if bytes.Contains(b, []byte(reportText)) {
		t.Fatal("the backup holds the report in plaintext")
	}
	fresh := newFolder(t)
	staged, err := Unpack(bytes.NewReader(b), backupPass, fresh.dir)
	if err != nil {
		t.Fatal(err)
	}
	if n := staged.Manifest.Rows("feedback_report"); n != 2 {
		t.Errorf("manifest counts %d reports: %s", n, staged.Manifest.Summary())
	}
	if err := staged.Restore(fresh.store); err != nil {
		t.Fatal(err)
	}
	got, err := fresh.store.Reports()
	if err != nil || len(got) != 2 {
		t.Fatalf("%+v, %v", got, err)
	}
	if !got[0].Waiting() || got[0].Text != reportText || got[0].ItemID != "de-hl-116016" || got[0].Release != 3 {
		t.Errorf("waiting report after restore: %+v", got[0])
	}
	if got[1].Waiting() || got[1].Category != "story" {
		t.Errorf("sent story after restore: %+v", got[1])
	}
	if n, _ := fresh.store.WaitingReports(); n != 1 {
		t.Errorf("%d waiting after restore, want 1", n)
	}
}
