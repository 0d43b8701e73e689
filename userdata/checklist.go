package userdata

import (
	"errors"
	"strings"
	"time"
)

// checklistMigration adds the reader's checklist ticks and the steps they
// added themselves. Kept last in migrations; renumber on merge if another
// branch added one too.
//
// A tick is keyed by the checklist's and the step's ids, which a publisher
// keeps when they reword a step, and remembers what the reader ticked: the
// step's fingerprint and its text as they read it. An update that changes
// or removes the step leaves the tick as it is; the screen compares and
// says what changed.
const checklistMigration = `
CREATE TABLE checklist_tick (
	checklist_id TEXT NOT NULL,
	step_id      TEXT NOT NULL,
	country      TEXT NOT NULL,
	stage        TEXT NOT NULL,
	fingerprint  TEXT NOT NULL, -- content.Step.Fingerprint when ticked
	text         TEXT NOT NULL, -- the step as the reader read it
	lang         TEXT NOT NULL, -- the language of text
	ticked_at    TEXT NOT NULL,
	PRIMARY KEY (checklist_id, step_id)
) WITHOUT ROWID;
CREATE INDEX checklist_tick_by_place ON checklist_tick (country, stage);

CREATE TABLE checklist_own_step (
	id       INTEGER PRIMARY KEY,
	country  TEXT NOT NULL,
	stage    TEXT NOT NULL,
	text     TEXT NOT NULL,
	done     INTEGER NOT NULL DEFAULT 0,
	added_at TEXT NOT NULL
);
CREATE INDEX checklist_own_step_by_place ON checklist_own_step (country, stage);
`

// Tick is a step of a publisher's checklist the reader marked done.
type Tick struct {
	Checklist, Step string // ids
	Country, Stage  string // where the checklist belongs, to find ticks of removed steps
	Fingerprint     string // the step's fingerprint when it was ticked
	Text, Lang      string // the step as the reader read it, and its language
	At              time.Time
}

// TickKey names a step across updates.
type TickKey struct{ Checklist, Step string }

// Key is t's checklist and step.
func (t Tick) Key() TickKey { return TickKey{t.Checklist, t.Step} }

// Ticks lists the ticks of one country and stage, kept however the steps
// changed since.
func (s *Store) Ticks(country, stage string) (map[TickKey]Tick, error) {
	rows, err := s.conn().Query(`SELECT checklist_id, step_id, country, stage, fingerprint, text, lang, ticked_at
		FROM checklist_tick WHERE country = ? AND stage = ?`, country, stage)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[TickKey]Tick{}
	for rows.Next() {
		var t Tick
		var at string
		if err := rows.Scan(&t.Checklist, &t.Step, &t.Country, &t.Stage, &t.Fingerprint, &t.Text, &t.Lang, &at); err != nil {
			return nil, err
		}
		t.At, _ = time.Parse(time.RFC3339, at)
		out[t.Key()] = t
	}
	return out, rows.Err()
}

// Tick records t, or replaces the tick of the same step: ticking a step
// again after it changed accepts the change.
func (s *Store) Tick(t Tick) error {
	_, err := s.conn().Exec(`INSERT OR REPLACE INTO checklist_tick
		(checklist_id, step_id, country, stage, fingerprint, text, lang, ticked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		t.Checklist, t.Step, t.Country, t.Stage, t.Fingerprint, t.Text, t.Lang, t.At.UTC().Format(time.RFC3339))
	return err
}

// Untick removes the tick of a step.
func (s *Store) Untick(k TickKey) error {
	_, err := s.conn().Exec(`DELETE FROM checklist_tick WHERE checklist_id = ? AND step_id = ?`, k.Checklist, k.Step)
	return err
}

// OwnStep is a step the reader added to a stage of their journey.
type OwnStep struct {
	ID             int64
	Country, Stage string
	Text           string
	Done           bool
	Added          time.Time
}

// ErrEmptyStep refuses a step with no text.
var ErrEmptyStep = errors.New("a step needs a text")

// AddOwnStep adds a step of the reader's own to country and stage.
func (s *Store) AddOwnStep(country, stage, text string, at time.Time) (OwnStep, error) {
	st := OwnStep{Country: country, Stage: stage, Text: strings.TrimSpace(text), Added: at.UTC().Truncate(time.Second)}
	if st.Text == "" {
		return st, ErrEmptyStep
	}
	res, err := s.conn().Exec(`INSERT INTO checklist_own_step (country, stage, text, done, added_at) VALUES (?, ?, ?, 0, ?)`,
		country, stage, st.Text, st.Added.Format(time.RFC3339))
	if err != nil {
		return st, err
	}
	st.ID, err = res.LastInsertId()
	return st, err
}

// OwnSteps lists the reader's own steps of country and stage, oldest first.
func (s *Store) OwnSteps(country, stage string) ([]OwnStep, error) {
	rows, err := s.conn().Query(`SELECT id, country, stage, text, done, added_at FROM checklist_own_step
		WHERE country = ? AND stage = ? ORDER BY id`, country, stage)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OwnStep
	for rows.Next() {
		var st OwnStep
		var at string
		if err := rows.Scan(&st.ID, &st.Country, &st.Stage, &st.Text, &st.Done, &at); err != nil {
			return nil, err
		}
		st.Added, _ = time.Parse(time.RFC3339, at)
		out = append(out, st)
	}
	return out, rows.Err()
}

// SetOwnStepDone ticks or unticks one of the reader's own steps.
func (s *Store) SetOwnStepDone(id int64, done bool) error {
	_, err := s.conn().Exec(`UPDATE checklist_own_step SET done = ? WHERE id = ?`, done, id)
	return err
}

// DeleteOwnStep removes one of the reader's own steps.
func (s *Store) DeleteOwnStep(id int64) error {
	_, err := s.conn().Exec(`DELETE FROM checklist_own_step WHERE id = ?`, id)
	return err
}
