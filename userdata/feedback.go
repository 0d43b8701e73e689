package userdata

import (
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// feedbackMigration adds the reader's reports and stories to publishers,
// queued on the device: nothing is sent until the reader presses Send,
// which opens their email app or the publisher's form. Kept last in
// migrations; renumber on merge if another branch added one too.
const feedbackMigration = `
CREATE TABLE feedback_report (
	id          INTEGER PRIMARY KEY,
	item_id     TEXT NOT NULL, -- '' for a story
	title       TEXT NOT NULL,
	publisher   TEXT NOT NULL,
	release     INTEGER NOT NULL,
	lang        TEXT NOT NULL,
	app_version TEXT NOT NULL,
	category    TEXT NOT NULL,
	body        TEXT NOT NULL, -- what the reader wrote
	folder      TEXT NOT NULL, -- the content folder whose publisher it goes to
	channel     TEXT NOT NULL, -- the channel when queued, as content/feedback encodes it
	queued_at   TEXT NOT NULL,
	sent_at     TEXT NOT NULL DEFAULT '' -- '' while waiting to send
);
`

// QueuedReport is a report or story the reader wrote, as user.db keeps it.
type QueuedReport struct {
	ID         int64
	ItemID     string // "" for a story
	Title      string
	Publisher  string
	Release    int64
	Lang       string
	AppVersion string
	Category   string
	Text       string
	Folder     string
	Channel    string
	QueuedAt   time.Time
	SentAt     time.Time // zero while waiting to send
}

// Waiting reports whether the report has not been sent yet.
func (r QueuedReport) Waiting() bool { return r.SentAt.IsZero() }

// ErrReportMissing means no queued report has the id.
var ErrReportMissing = errors.New("no such report")

// QueueReport keeps r, waiting to send, and returns its id.
func (s *Store) QueueReport(r QueuedReport, at time.Time) (int64, error) {
	res, err := s.conn().Exec(`INSERT INTO feedback_report (item_id, title, publisher, release, lang, app_version,
		category, body, folder, channel, queued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ItemID, r.Title, r.Publisher, r.Release, r.Lang, r.AppVersion, r.Category, r.Text, r.Folder, r.Channel,
		at.UTC().Format(time.RFC3339))
	if err != nil {
		return 0, fmt.Errorf("queue the report: %w", err)
	}
	return res.LastInsertId()
}

// Reports lists the queued reports, those waiting to send first, newest
// first within each.
func (s *Store) Reports() ([]QueuedReport, error) {
	rows, err := s.conn().Query(`SELECT id, item_id, title, publisher, release, lang, app_version, category, body,
		folder, channel, queued_at, sent_at FROM feedback_report ORDER BY sent_at != '', id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []QueuedReport
	for rows.Next() {
		var r QueuedReport
		var queued, sent string
		if err := rows.Scan(&r.ID, &r.ItemID, &r.Title, &r.Publisher, &r.Release, &r.Lang, &r.AppVersion,
			&r.Category, &r.Text, &r.Folder, &r.Channel, &queued, &sent); err != nil {
			return nil, err
		}
		r.QueuedAt, _ = time.Parse(time.RFC3339, queued)
		if sent != "" {
			r.SentAt, _ = time.Parse(time.RFC3339, sent)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Report is the queued report id.
func (s *Store) Report(id int64) (QueuedReport, error) {
	all, err := s.Reports()
	if err != nil {
		return QueuedReport{}, err
	}
	for _, r := range all {
		if r.ID == id {
			return r, nil
		}
	}
	return QueuedReport{}, ErrReportMissing
}

// MarkReportSent records that the reader sent report id (Send opened it
// in their email app or the form).
func (s *Store) MarkReportSent(id int64, at time.Time) error {
	return s.changeReport(`UPDATE feedback_report SET sent_at = ? WHERE id = ?`, at.UTC().Format(time.RFC3339), id)
}

// DeleteReport removes report id, sent or not, at the reader's request.
func (s *Store) DeleteReport(id int64) error {
	return s.changeReport(`DELETE FROM feedback_report WHERE id = ?`, id)
}

func (s *Store) changeReport(query string, args ...any) error {
	res, err := s.conn().Exec(query, args...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return ErrReportMissing
	}
	return nil
}

// WaitingReports counts the reports not sent yet.
func (s *Store) WaitingReports() (int, error) {
	var n int
	err := s.conn().QueryRow(`SELECT count(*) FROM feedback_report WHERE sent_at = ''`).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return n, err
}
