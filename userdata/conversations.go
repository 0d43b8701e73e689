package userdata

import (
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// SavedConversation is a phrasebook conversation summary the reader chose
// to keep on the device.
type SavedConversation struct {
	ID      int64
	SavedAt time.Time
	Summary string
}

// ErrNoConversation is returned for a summary that is not (or no longer) kept.
var ErrNoConversation = errors.New("no such saved conversation")

// SavedConversations lists the kept summaries, newest first.
func (s *Store) SavedConversations() ([]SavedConversation, error) {
	rows, err := s.db.Query(`SELECT id, saved_at, summary FROM conversation ORDER BY id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SavedConversation
	for rows.Next() {
		c, err := scanConversation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SavedConversation is one kept summary.
func (s *Store) SavedConversation(id int64) (SavedConversation, error) {
	c, err := scanConversation(s.db.QueryRow(`SELECT id, saved_at, summary FROM conversation WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("conversation %d: %w", id, ErrNoConversation)
	}
	return c, err
}

// DeleteConversation removes a kept summary; removing one already gone
// is not an error.
func (s *Store) DeleteConversation(id int64) error {
	_, err := s.db.Exec(`DELETE FROM conversation WHERE id = ?`, id)
	return err
}

func scanConversation(row interface{ Scan(...any) error }) (SavedConversation, error) {
	var c SavedConversation
	var at string
	if err := row.Scan(&c.ID, &at, &c.Summary); err != nil {
		return c, err
	}
	t, err := time.Parse(time.RFC3339, at)
	if err != nil {
		return c, fmt.Errorf("conversation %d: saved_at %q: %w", c.ID, at, err)
	}
	c.SavedAt = t
	return c, nil
}
