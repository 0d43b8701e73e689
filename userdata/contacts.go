package userdata

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"safar.app/safar/content/phone"
)

// contactsMigration adds the people the reader trusts, for "I'm safe" and
// "I need help" messages. Kept last in migrations; renumber on merge if
// another branch added one too.
const contactsMigration = `
CREATE TABLE trusted_contact (
	id       INTEGER PRIMARY KEY,
	name     TEXT NOT NULL,
	phone    TEXT NOT NULL DEFAULT '', -- E.164, or ''
	email    TEXT NOT NULL DEFAULT '',
	lang     TEXT NOT NULL DEFAULT 'en', -- the language the contact reads (BCP 47)
	added_at TEXT NOT NULL
);
`

// Contact is a person the reader trusts.
type Contact struct {
	ID    int64
	Name  string
	Phone string // E.164 ("+4915112345678"), or ""
	Email string // or ""
	Lang  string // the language the contact reads
}

// Reasons a contact is refused, for the screen to say in its own words.
var (
	ErrContactName    = errors.New("a contact needs a name")
	ErrContactReach   = errors.New("a contact needs a phone number or an email address")
	ErrContactPhone   = errors.New("not a valid phone number")
	ErrContactEmail   = errors.New("not a valid email address")
	ErrContactMissing = errors.New("no such contact")
)

// NewContact checks what the reader typed and returns the contact to save.
// A phone number without a leading + is read as a number of country
// region (ISO 3166-1 alpha-2, the reader's country); it is stored in E.164.
func NewContact(name, rawPhone, rawEmail, lang, region string) (Contact, error) {
	c := Contact{Name: strings.TrimSpace(name), Lang: lang}
	if c.Name == "" {
		return c, ErrContactName
	}
	if c.Lang == "" {
		c.Lang = "en"
	}
	rawPhone, rawEmail = strings.TrimSpace(rawPhone), strings.TrimSpace(rawEmail)
	if rawPhone == "" && rawEmail == "" {
		return c, ErrContactReach
	}
	if rawPhone != "" {
		if strings.HasPrefix(rawPhone, "00") {
			rawPhone = "+" + rawPhone[2:]
		}
		n, err := phone.Normalize(rawPhone, region)
		if err != nil || !strings.HasPrefix(n, "+") { // a short code is no one's phone
			return c, fmt.Errorf("%w: %s", ErrContactPhone, rawPhone)
		}
		c.Phone = n
	}
	if rawEmail != "" {
		a, err := mail.ParseAddress(rawEmail)
		if err != nil || a.Address != rawEmail || !strings.Contains(rawEmail[strings.LastIndex(rawEmail, "@")+1:], ".") {
			return c, fmt.Errorf("%w: %s", ErrContactEmail, rawEmail)
		}
		c.Email = rawEmail
	}
	return c, nil
}

// SaveContact adds c, or updates it when c.ID is set, and returns its id.
func (s *Store) SaveContact(c Contact, at time.Time) (int64, error) {
	if c.ID != 0 {
		res, err := s.db.Exec(`UPDATE trusted_contact SET name = ?, phone = ?, email = ?, lang = ? WHERE id = ?`,
			c.Name, c.Phone, c.Email, c.Lang, c.ID)
		if err != nil {
			return 0, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return 0, ErrContactMissing
		}
		return c.ID, nil
	}
	res, err := s.db.Exec(`INSERT INTO trusted_contact (name, phone, email, lang, added_at) VALUES (?, ?, ?, ?, ?)`,
		c.Name, c.Phone, c.Email, c.Lang, at.UTC().Format(time.RFC3339))
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// Contacts lists the trusted contacts in the order they were added.
func (s *Store) Contacts() ([]Contact, error) {
	rows, err := s.db.Query(`SELECT id, name, phone, email, lang FROM trusted_contact ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Contact
	for rows.Next() {
		var c Contact
		if err := rows.Scan(&c.ID, &c.Name, &c.Phone, &c.Email, &c.Lang); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// DeleteContact removes a contact.
func (s *Store) DeleteContact(id int64) error {
	_, err := s.db.Exec(`DELETE FROM trusted_contact WHERE id = ?`, id)
	return err
}

// The check-in reminder is kept in the setting table under keys of its own,
// beside (not inside) Settings, which other screens save whole.
const (
	keyCheckinEvery = "checkin_every_hours"
	keyCheckinLast  = "checkin_last"
)

// Reminder is the check-in reminder: off (Every == 0) unless the reader
// turns it on while travelling.
type Reminder struct {
	Every time.Duration
	Last  time.Time // the last check-in sent, or when the reminder was turned on
}

// Due reports whether a check-in is overdue at now.
func (r Reminder) Due(now time.Time) bool { return r.Every > 0 && !now.Before(r.Last.Add(r.Every)) }

// CheckinReminder reads the reminder.
func (s *Store) CheckinReminder() (Reminder, error) {
	var r Reminder
	rows, err := s.db.Query(`SELECT key, value FROM setting WHERE key IN (?, ?)`, keyCheckinEvery, keyCheckinLast)
	if err != nil {
		return r, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return r, err
		}
		switch k {
		case keyCheckinEvery:
			var h int
			if _, err := fmt.Sscan(v, &h); err == nil && h > 0 {
				r.Every = time.Duration(h) * time.Hour
			}
		case keyCheckinLast:
			r.Last, _ = time.Parse(time.RFC3339, v)
		}
	}
	return r, rows.Err()
}

// SetCheckinReminder turns the reminder on (every hours, counted from now)
// or off (0).
func (s *Store) SetCheckinReminder(hours int, now time.Time) error {
	if _, err := s.db.Exec(`INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)`, keyCheckinEvery, fmt.Sprint(hours)); err != nil {
		return err
	}
	return s.CheckedIn(now)
}

// CheckedIn records that the reader sent a check-in at at.
func (s *Store) CheckedIn(at time.Time) error {
	_, err := s.db.Exec(`INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)`, keyCheckinLast, at.UTC().Format(time.RFC3339))
	return err
}
