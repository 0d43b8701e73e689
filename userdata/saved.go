package userdata

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// savedAndChangesMigration adds saved pages and the record of what each
// content update changed (issue 14). Both live here, not in content.db,
// because content.db is replaced by every reinstall; saved entries keep
// their title and kind so that they still read when an update removes
// the item. The old bookmark table (ids only, never written by any
// screen) becomes saved entries without a title until the app fills it.
// Kept last in migrations; renumber on merge if another branch added one.
const savedAndChangesMigration = `
CREATE TABLE saved_item (
	type       TEXT NOT NULL, -- item, hotline or service
	id         TEXT NOT NULL,
	country    TEXT NOT NULL,
	kind       TEXT NOT NULL, -- an item's or service's kind, a hotline's purpose
	title      TEXT NOT NULL, -- as the reader saw it when saving
	lang       TEXT NOT NULL, -- the language of title
	added_at   TEXT NOT NULL,
	removed_on TEXT NOT NULL DEFAULT '', -- YYYY-MM-DD of the update that removed it, or ''
	PRIMARY KEY (type, id)
) WITHOUT ROWID;

INSERT INTO saved_item (type, id, country, kind, title, lang, added_at)
	SELECT 'item', item_id, '', '', '', '', added_at FROM bookmark;
DROP TABLE bookmark;

-- One row per item, hotline or service a content update added, changed or
-- removed, copied from content.db's record of the install.
CREATE TABLE content_change (
	id           INTEGER PRIMARY KEY,
	installed_at TEXT NOT NULL, -- RFC 3339, UTC: names the update
	origin       TEXT NOT NULL, -- the feed or file it came from
	sequence     INTEGER NOT NULL,
	type         TEXT NOT NULL,
	item_id      TEXT NOT NULL,
	country      TEXT NOT NULL,
	kind         TEXT NOT NULL,
	stages       TEXT NOT NULL, -- space-separated; '' is every stage
	what         TEXT NOT NULL, -- added, changed or removed
	titles       TEXT NOT NULL, -- JSON: language → title
	old_number   TEXT NOT NULL, -- a number people call, before and after,
	new_number   TEXT NOT NULL, -- when the update changed it
	seen_at      TEXT NOT NULL DEFAULT '', -- when the reader looked, or ''
	UNIQUE (installed_at, origin, type, item_id)
);
CREATE INDEX content_change_by_country ON content_change (country, installed_at);
`

// changeSequenceMigration names an update in content_change by its
// sequence as well as its second: two installs from the same feed within
// one second (a sync right after another) had the same name, and the
// second's change to an item the first had changed too, a new number
// among them, was dropped as recorded before. The sequence grows with
// every release a feed installs. The rows are kept as they are.
const changeSequenceMigration = `
CREATE TABLE content_change_new (
	id           INTEGER PRIMARY KEY,
	installed_at TEXT NOT NULL, -- RFC 3339, UTC: names the update, with sequence
	origin       TEXT NOT NULL, -- the feed or file it came from
	sequence     INTEGER NOT NULL,
	type         TEXT NOT NULL,
	item_id      TEXT NOT NULL,
	country      TEXT NOT NULL,
	kind         TEXT NOT NULL,
	stages       TEXT NOT NULL, -- space-separated; '' is every stage
	what         TEXT NOT NULL, -- added, changed or removed
	titles       TEXT NOT NULL, -- JSON: language → title
	old_number   TEXT NOT NULL, -- a number people call, before and after,
	new_number   TEXT NOT NULL, -- when the update changed it
	seen_at      TEXT NOT NULL DEFAULT '', -- when the reader looked, or ''
	UNIQUE (installed_at, origin, sequence, type, item_id)
);
INSERT INTO content_change_new (id, installed_at, origin, sequence, type, item_id, country, kind, stages, what,
	titles, old_number, new_number, seen_at)
	SELECT id, installed_at, origin, sequence, type, item_id, country, kind, stages, what,
	titles, old_number, new_number, seen_at FROM content_change;
DROP TABLE content_change;
ALTER TABLE content_change_new RENAME TO content_change;
CREATE INDEX content_change_by_country ON content_change (country, installed_at);
`

// Saved is one saved page: an article, a service or a hotline.
type Saved struct {
	Type    string // "item", "hotline" or "service"
	ID      string
	Country string
	Kind    string // an item's or service's kind, a hotline's purpose
	Title   string // as it read when saved; "" for an entry from before titles were kept
	Lang    string // the language of Title
	Added   time.Time
	// RemovedOn is the day of the update that removed the item, as
	// YYYY-MM-DD, or "" while the content has it.
	RemovedOn string
}

// ErrSavedEntry is a saved entry without what names it.
var ErrSavedEntry = errors.New("a saved entry needs a type and an id")

// Save keeps e (again, if it was saved before: with its new title).
func (s *Store) Save(e Saved) error {
	if e.Type == "" || e.ID == "" {
		return ErrSavedEntry
	}
	if e.Added.IsZero() {
		e.Added = time.Now()
	}
	_, err := s.conn().Exec(`INSERT INTO saved_item (type, id, country, kind, title, lang, added_at, removed_on)
		VALUES (?, ?, ?, ?, ?, ?, ?, '')
		ON CONFLICT (type, id) DO UPDATE SET country = excluded.country, kind = excluded.kind,
			title = excluded.title, lang = excluded.lang, removed_on = ''`,
		e.Type, e.ID, e.Country, e.Kind, e.Title, e.Lang, e.Added.UTC().Format(time.RFC3339))
	return err
}

// Unsave forgets a saved entry; forgetting one that is not saved is no error.
func (s *Store) Unsave(typ, id string) error {
	_, err := s.conn().Exec(`DELETE FROM saved_item WHERE type = ? AND id = ?`, typ, id)
	return err
}

// IsSaved reports whether the reader saved this item.
func (s *Store) IsSaved(typ, id string) (bool, error) {
	var n int
	err := s.conn().QueryRow(`SELECT count(*) FROM saved_item WHERE type = ? AND id = ?`, typ, id).Scan(&n)
	return n > 0, err
}

// SavedEntries lists what the reader saved, newest first.
func (s *Store) SavedEntries() ([]Saved, error) {
	rows, err := s.conn().Query(`SELECT type, id, country, kind, title, lang, added_at, removed_on
		FROM saved_item ORDER BY added_at DESC, type, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Saved
	for rows.Next() {
		var e Saved
		var added string
		if err := rows.Scan(&e.Type, &e.ID, &e.Country, &e.Kind, &e.Title, &e.Lang, &added, &e.RemovedOn); err != nil {
			return nil, err
		}
		e.Added, _ = time.Parse(time.RFC3339, added) // written by Save; a bad one sorts as zero
		out = append(out, e)
	}
	return out, rows.Err()
}

// What an update did to an item.
const (
	ChangeAdded   = "added"
	ChangeChanged = "changed"
	ChangeRemoved = "removed"
)

// Change is one item, hotline or service a content update added, changed
// or removed.
type Change struct {
	Row         int64     // the record's own number, for MarkChangesSeen
	InstalledAt time.Time // names the update
	Origin      string
	Sequence    int64
	Type        string // "item", "hotline" or "service"
	ItemID      string
	Country     string
	Kind        string   // an item's or service's kind, a hotline's purpose
	Stages      []string // an item's stages; none is every stage
	What        string   // ChangeAdded, ChangeChanged or ChangeRemoved
	// Titles are its title in each language, as the update left it (the
	// last ones, for a removed item).
	Titles map[string]string
	// OldNumber and NewNumber are set when a number people call changed.
	OldNumber, NewNumber string
	Seen                 bool // the reader has looked at it
}

// NumberChanged says a number people call changed.
func (c Change) NumberChanged() bool {
	return c.What == ChangeChanged && c.OldNumber != c.NewNumber
}

// ForStage reports whether the change concerns a reader at stage ("" is
// any stage): items without stages concern every stage.
func (c Change) ForStage(stage string) bool {
	if stage == "" || len(c.Stages) == 0 {
		return true
	}
	for _, s := range c.Stages {
		if s == stage {
			return true
		}
	}
	return false
}

// RecordChanges keeps what one update (installed at, from origin) did,
// gives saved entries of the items it touched their latest titles, and
// marks those of items it removed with the day of at in at's location
// (or brings back those it added again). Recording the same update again changes nothing, so the
// app can copy content.db's whole record at every start. It returns how
// many changes were new.
func (s *Store) RecordChanges(at time.Time, origin string, sequence int64, changes []Change) (int, error) {
	tx, err := s.conn().Begin()
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	stamp := at.UTC().Format(time.RFC3339)
	day := at.Format(time.DateOnly)
	added := 0
	for _, c := range changes {
		if c.Type == "" || c.ItemID == "" {
			return 0, fmt.Errorf("a change without type or id (%q %q)", c.Type, c.ItemID)
		}
		titles, err := json.Marshal(c.Titles)
		if err != nil {
			return 0, err
		}
		res, err := tx.Exec(`INSERT OR IGNORE INTO content_change (installed_at, origin, sequence, type, item_id,
			country, kind, stages, what, titles, old_number, new_number) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			stamp, origin, sequence, c.Type, c.ItemID, c.Country, c.Kind, strings.Join(c.Stages, " "), c.What,
			string(titles), c.OldNumber, c.NewNumber)
		if err != nil {
			return 0, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			continue // recorded before
		}
		added++
		// A saved entry keeps the title the update left, in its language,
		// so that it reads as the publisher last wrote it if it goes.
		for lang, title := range c.Titles {
			if _, err := tx.Exec(`UPDATE saved_item SET title = ? WHERE type = ? AND id = ? AND lang = ?`,
				title, c.Type, c.ItemID, lang); err != nil {
				return 0, err
			}
		}
		switch c.What {
		case ChangeRemoved:
			_, err = tx.Exec(`UPDATE saved_item SET removed_on = ? WHERE type = ? AND id = ?`, day, c.Type, c.ItemID)
		case ChangeAdded:
			_, err = tx.Exec(`UPDATE saved_item SET removed_on = '' WHERE type = ? AND id = ?`, c.Type, c.ItemID)
		}
		if err != nil {
			return 0, err
		}
	}
	return added, tx.Commit()
}

// Changes lists the recorded changes to content of the given countries
// that concern a reader at stage, newest update first; within an update
// a changed number comes first, then hotlines and emergency items, then
// the rest by id.
func (s *Store) Changes(countries []string, stage string) ([]Change, error) {
	if len(countries) == 0 {
		return nil, nil
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(countries)), ", ")
	args := make([]any, len(countries))
	for i, c := range countries {
		args[i] = c
	}
	rows, err := s.conn().Query(`SELECT id, installed_at, origin, sequence, type, item_id, country, kind, stages, what,
		titles, old_number, new_number, seen_at FROM content_change WHERE country IN (`+marks+`)
		ORDER BY installed_at DESC, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		var c Change
		var at, stages, titles, seen string
		if err := rows.Scan(&c.Row, &at, &c.Origin, &c.Sequence, &c.Type, &c.ItemID, &c.Country, &c.Kind, &stages,
			&c.What, &titles, &c.OldNumber, &c.NewNumber, &seen); err != nil {
			return nil, err
		}
		c.InstalledAt, _ = time.Parse(time.RFC3339, at)
		c.Stages = strings.Fields(stages)
		c.Seen = seen != ""
		if err := json.Unmarshal([]byte(titles), &c.Titles); err != nil {
			return nil, fmt.Errorf("change %d (%s): titles: %w", c.Row, c.ItemID, err)
		}
		if c.ForStage(stage) {
			out = append(out, c)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sortChanges(out)
	return out, nil
}

// sortChanges orders changes newest update first, and within an update
// by how much a reader needs to know them.
func sortChanges(cs []Change) {
	rank := func(c Change) int {
		switch {
		case c.NumberChanged():
			return 0
		case c.Type == "hotline" || c.Kind == "emergency":
			return 1
		case c.What == ChangeRemoved:
			return 3
		}
		return 2
	}
	less := func(a, b Change) bool {
		if !a.InstalledAt.Equal(b.InstalledAt) {
			return a.InstalledAt.After(b.InstalledAt)
		}
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra < rb
		}
		return a.ItemID < b.ItemID
	}
	sort.SliceStable(cs, func(i, j int) bool { return less(cs[i], cs[j]) })
}

// Unseen counts the changes among cs the reader has not looked at.
func Unseen(cs []Change) int {
	n := 0
	for _, c := range cs {
		if !c.Seen {
			n++
		}
	}
	return n
}

// MarkChangesSeen records that the reader looked at these changes.
func (s *Store) MarkChangesSeen(cs []Change, at time.Time) error {
	tx, err := s.conn().Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stamp := at.UTC().Format(time.RFC3339)
	for _, c := range cs {
		if c.Seen {
			continue
		}
		if _, err := tx.Exec(`UPDATE content_change SET seen_at = ? WHERE id = ? AND seen_at = ''`, stamp, c.Row); err != nil {
			return err
		}
	}
	return tx.Commit()
}
