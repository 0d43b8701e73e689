package userdata

import (
	"errors"
	"path/filepath"
	"testing"
	"time"
)

func TestNewContact(t *testing.T) {
	tests := []struct {
		name, person, phone, email, region string
		want                               Contact
		err                                error
	}{
		{"national number read in the reader's country", "Amal", "0151 12345678", "", "de",
			Contact{Name: "Amal", Phone: "+4915112345678", Lang: "en"}, nil},
		{"international number", "Amal", "+963 944 123 456", "", "de",
			Contact{Name: "Amal", Phone: "+963944123456", Lang: "en"}, nil},
		{"00 prefix", "Amal", "00963 944 123 456", "", "de",
			Contact{Name: "Amal", Phone: "+963944123456", Lang: "en"}, nil},
		{"email only", "Sam", "", "sam@example.org", "de",
			Contact{Name: "Sam", Email: "sam@example.org", Lang: "en"}, nil},
		{"no name", " ", "+4915112345678", "", "de", Contact{}, ErrContactName},
		{"no way to reach", "Amal", "", "", "de", Contact{}, ErrContactReach},
		{"bad number", "Amal", "12345", "", "de", Contact{}, ErrContactPhone},
		{"emergency short code", "Amal", "112", "", "de", Contact{}, ErrContactPhone},
		{"bad email", "Amal", "", "amal@", "de", Contact{}, ErrContactEmail},
		{"email with a name part", "Amal", "", "Amal <amal@example.org>", "de", Contact{}, ErrContactEmail},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := NewContact(tc.person, tc.phone, tc.email, "", tc.region)
			if !errors.Is(err, tc.err) {
				t.Fatalf("err %v, want %v", err, tc.err)
			}
			if err == nil && got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestContactsAreKeptInUserDB(t *testing.T) {
	path := filepath.Join(t.TempDir(), "user.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewContact("Amal", "+963 944 123 456", "amal@example.org", "ar", "de")
	if err != nil {
		t.Fatal(err)
	}
	id, err := s.SaveContact(c, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	c.ID, c.Lang = id, "en"
	if _, err := s.SaveContact(c, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveContact(Contact{ID: 99, Name: "x"}, time.Now()); !errors.Is(err, ErrContactMissing) {
		t.Errorf("update of a missing contact: %v", err)
	}
	s.Close()
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Contacts()
	if err != nil {
		t.Fatal(err)
	}
	want := Contact{ID: id, Name: "Amal", Phone: "+963944123456", Email: "amal@example.org", Lang: "en"}
	if len(got) != 1 || got[0] != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	if err := s.DeleteContact(id); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Contacts(); len(got) != 0 {
		t.Errorf("after delete: %+v", got)
	}
}

func TestCheckinReminder(t *testing.T) {
	s := OpenMemory()
	defer s.Close()
	start := time.Date(2026, 12, 6, 8, 0, 0, 0, time.UTC)
	r, err := s.CheckinReminder()
	if err != nil || r.Every != 0 || r.Due(start.Add(100*time.Hour)) {
		t.Fatalf("a new reader has the reminder on: %+v %v", r, err)
	}
	if err := s.SetCheckinReminder(4, start); err != nil {
		t.Fatal(err)
	}
	r, _ = s.CheckinReminder()
	if r.Due(start.Add(3*time.Hour+59*time.Minute)) || !r.Due(start.Add(4*time.Hour)) {
		t.Errorf("every 4 hours from 08:00: %+v", r)
	}
	if err := s.CheckedIn(start.Add(5 * time.Hour)); err != nil {
		t.Fatal(err)
	}
	if r, _ = s.CheckinReminder(); r.Due(start.Add(6 * time.Hour)) {
		t.Error("due an hour after checking in")
	}
	if err := s.SetCheckinReminder(0, start); err != nil {
		t.Fatal(err)
	}
	if r, _ = s.CheckinReminder(); r.Due(start.Add(100 * time.Hour)) {
		t.Error("due when turned off")
	}
}
