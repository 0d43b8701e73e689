package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"safar.app/safar/content"
)

// feedbackMigration keeps each folder's feedback channel, so a reader can
// write to a publisher with no connection, and the consent of each story.
// Kept last in migrations; renumber on merge if another branch added one.
const feedbackMigration = `
CREATE TABLE feedback_channel (
	folder TEXT PRIMARY KEY, -- "de/", "de/berlin/"
	mailto TEXT NOT NULL,
	form   TEXT NOT NULL,
	params TEXT NOT NULL -- JSON: report field → the form's parameter
) WITHOUT ROWID;

CREATE TABLE story_consent (
	item_id TEXT PRIMARY KEY,
	consent TEXT NOT NULL
) WITHOUT ROWID;
`

func (w *writer) channel(c content.FeedbackChannel) {
	params := "{}"
	if len(c.Params) > 0 {
		data, err := json.Marshal(c.Params)
		if err != nil {
			w.err = fmt.Errorf("channel %s: %w", c.Folder, err)
			return
		}
		params = string(data)
	}
	w.exec(`INSERT INTO feedback_channel (folder, mailto, form, params) VALUES (?, ?, ?, ?)`, c.Folder, c.Mailto, c.Form, params)
}

// FeedbackTarget is what a report about an item needs from content.db.
type FeedbackTarget struct {
	ID        string
	Folder    string // the item's folder: "de/berlin/" for a Berlin service
	Publisher string // the item's publisher
	Release   int64  // the installed release of the folder's feed publisher
	// Channel is the folder's feedback channel; its Folder is "" when the
	// content declares none (a feed from before channels).
	Channel content.FeedbackChannel
}

// ErrNoTarget means no article, service or hotline has the id.
var ErrNoTarget = errors.New("no article, service or hotline has this id")

// FeedbackTarget finds id among articles, services and hotlines, with the
// channel that serves its folder and the installed release it came in.
func (s *Store) FeedbackTarget(id string) (FeedbackTarget, error) {
	t := FeedbackTarget{ID: id}
	var country, region string
	err := s.db.QueryRow(`
		SELECT country, region, publisher FROM item WHERE id = ?1
		UNION ALL SELECT country, region, publisher FROM service WHERE id = ?1
		UNION ALL SELECT country, '', publisher FROM hotline WHERE id = ?1
		LIMIT 1`, id).Scan(&country, &region, &t.Publisher)
	if errors.Is(err, sql.ErrNoRows) {
		return t, fmt.Errorf("%s: %w", id, ErrNoTarget)
	}
	if err != nil {
		return t, err
	}
	t.Folder = country + "/"
	if region != "" {
		t.Folder += region + "/"
	}
	if t.Channel, err = s.FeedbackChannel(t.Folder); err != nil {
		return t, err
	}
	t.Release, err = s.ReleaseOf(t.Folder)
	return t, err
}

// FeedbackChannel is the channel of the deepest folder that holds path
// ("de/berlin/" is served by de/berlin/publisher.toml if there is one,
// else by de/publisher.toml). None is not an error: its Folder is "".
func (s *Store) FeedbackChannel(path string) (content.FeedbackChannel, error) {
	var c content.FeedbackChannel
	var params string
	err := s.db.QueryRow(`SELECT folder, mailto, form, params FROM feedback_channel
		WHERE substr(?1, 1, length(folder)) = folder ORDER BY length(folder) DESC LIMIT 1`, path).
		Scan(&c.Folder, &c.Mailto, &c.Form, &params)
	if errors.Is(err, sql.ErrNoRows) {
		return content.FeedbackChannel{}, nil
	}
	if err != nil {
		return c, err
	}
	if err := json.Unmarshal([]byte(params), &c.Params); err != nil {
		return c, fmt.Errorf("content.db: channel of %s: %w", c.Folder, err)
	}
	if len(c.Params) == 0 {
		c.Params = nil
	}
	return c, nil
}

// ReleaseOf is the sequence of the installed release that delivered the
// folder: its feed publisher's, after a sync; the pack's own (0 for the
// embedded pack) otherwise.
func (s *Store) ReleaseOf(folder string) (int64, error) {
	info, err := s.Installed()
	if err != nil {
		return 0, err
	}
	if name, ok := info.Feed.Owner(folder); ok {
		return info.Feed[name].Sequence, nil
	}
	return info.Sequence, nil
}

// Stories lists a country's stories for the reader's stage, in the
// reader's language where there is a translation.
func (s *Store) Stories(country string, stage content.Stage, chain []string) ([]ItemSummary, error) {
	all, err := s.Items(country, []content.Kind{content.KindStory}, stage, chain)
	if err != nil {
		return nil, err
	}
	var out []ItemSummary
	for _, it := range all {
		if it.HasStage(stage) {
			out = append(out, it)
		}
	}
	return out, nil
}

// StoryConsent says how the person in story id agreed to publish it; ""
// for an item that is not a story.
func (s *Store) StoryConsent(id string) (string, error) {
	var c string
	err := s.db.QueryRow(`SELECT consent FROM story_consent WHERE item_id = ?`, id).Scan(&c)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return c, err
}
