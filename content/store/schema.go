package store

// migrations are applied in order; PRAGMA user_version records how many ran.
// content.db is replaceable, so a database newer than this list (written by a
// later app version) is rebuilt rather than read.
var migrations = []string{
	`
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE country (code TEXT PRIMARY KEY) WITHOUT ROWID;

CREATE TABLE region (
	country TEXT NOT NULL,
	code    TEXT NOT NULL,
	PRIMARY KEY (country, code)
) WITHOUT ROWID;

-- Names of countries ("de") and regions ("de/berlin") per language.
CREATE TABLE name (
	ref  TEXT NOT NULL,
	lang TEXT NOT NULL,
	name TEXT NOT NULL,
	PRIMARY KEY (ref, lang)
) WITHOUT ROWID;

CREATE TABLE item (
	id            TEXT PRIMARY KEY,
	country       TEXT NOT NULL,
	region        TEXT NOT NULL,
	kind          TEXT NOT NULL,
	slug          TEXT NOT NULL,
	stages        TEXT NOT NULL, -- space-separated
	original_lang TEXT NOT NULL,
	publisher     TEXT NOT NULL,
	source        TEXT NOT NULL,
	reviewed_on   TEXT NOT NULL,
	review_by     TEXT NOT NULL
);
CREATE INDEX item_by_country_kind ON item (country, kind);

CREATE TABLE translation (
	id      INTEGER PRIMARY KEY, -- also the rowid of translation_fts
	item_id TEXT NOT NULL,
	lang    TEXT NOT NULL,
	title   TEXT NOT NULL,
	summary TEXT NOT NULL,
	body    TEXT NOT NULL,
	status  TEXT NOT NULL,
	UNIQUE (item_id, lang)
);

-- Folded text only; the readable text lives in translation. The scope column
-- holds one token per filter ("ccde") so a country filter is part of the
-- full-text match instead of a scan after it.
CREATE VIRTUAL TABLE translation_fts USING fts5 (
	title, summary, body, scope,
	content = '',
	tokenize = 'unicode61 remove_diacritics 0',
	prefix = '2 3'
);
INSERT INTO translation_fts (translation_fts, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0, 0.0)');

CREATE TABLE hotline (
	id          TEXT PRIMARY KEY,
	country     TEXT NOT NULL,
	number      TEXT NOT NULL,
	purpose     TEXT NOT NULL,
	hours       TEXT NOT NULL,
	languages   TEXT NOT NULL,
	publisher   TEXT NOT NULL,
	source      TEXT NOT NULL,
	reviewed_on TEXT NOT NULL,
	review_by   TEXT NOT NULL
);
CREATE INDEX hotline_by_country ON hotline (country);

CREATE TABLE hotline_text (
	hotline_id TEXT NOT NULL,
	lang       TEXT NOT NULL,
	label      TEXT NOT NULL,
	note       TEXT NOT NULL,
	status     TEXT NOT NULL,
	PRIMARY KEY (hotline_id, lang)
) WITHOUT ROWID;

CREATE TABLE service (
	id          TEXT PRIMARY KEY,
	country     TEXT NOT NULL,
	region      TEXT NOT NULL,
	kind        TEXT NOT NULL,
	phone       TEXT NOT NULL,
	website     TEXT NOT NULL,
	address     TEXT NOT NULL,
	hours       TEXT NOT NULL,
	languages   TEXT NOT NULL,
	lat         REAL NOT NULL,
	lon         REAL NOT NULL,
	publisher   TEXT NOT NULL,
	source      TEXT NOT NULL,
	reviewed_on TEXT NOT NULL,
	review_by   TEXT NOT NULL
);
CREATE INDEX service_by_country ON service (country, kind);

CREATE TABLE service_text (
	service_id  TEXT NOT NULL,
	lang        TEXT NOT NULL,
	name        TEXT NOT NULL,
	description TEXT NOT NULL,
	status      TEXT NOT NULL,
	PRIMARY KEY (service_id, lang)
) WITHOUT ROWID;
`,
	// 2: countries people leave (before-departure content) beside the
	// destinations they go to.
	`ALTER TABLE country ADD COLUMN role TEXT NOT NULL DEFAULT 'destination';`,
	// 3: the health phrasebook. A few thousand short texts: search scans the
	// folded column, which is simpler than a second full-text index and
	// fast enough (see BenchmarkPhrasebook).
	`
CREATE TABLE phrase_category (
	id          TEXT PRIMARY KEY,
	ord         INTEGER NOT NULL,
	publisher   TEXT NOT NULL,
	source      TEXT NOT NULL,
	reviewed_on TEXT NOT NULL,
	review_by   TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE phrase_category_name (
	category TEXT NOT NULL,
	lang     TEXT NOT NULL,
	name     TEXT NOT NULL,
	PRIMARY KEY (category, lang)
) WITHOUT ROWID;

CREATE TABLE phrase (
	id       TEXT PRIMARY KEY,
	category TEXT NOT NULL,
	ord      INTEGER NOT NULL,
	answer   TEXT NOT NULL,
	options  TEXT NOT NULL -- option ids, space-separated, in order
) WITHOUT ROWID;
CREATE INDEX phrase_by_category ON phrase (category, ord);

CREATE TABLE phrase_text (
	phrase_id TEXT NOT NULL,
	lang      TEXT NOT NULL,
	text      TEXT NOT NULL,
	status    TEXT NOT NULL,
	options   TEXT NOT NULL, -- option texts, one a line, in the phrase's option order
	folded    TEXT NOT NULL, -- fold.Fold of text and options, for search
	PRIMARY KEY (phrase_id, lang)
) WITHOUT ROWID;
`,
	// 4: installs rewrite only what changed. Each unit (an item with its
	// translations, a hotline, a phrase...) has a digest; the search index
	// lets single rows be deleted (contentless_delete needs SQLite 3.43).
	// The index is rebuilt from the stored translations on the next open.
	`
CREATE TABLE unit (
	kind   TEXT NOT NULL,
	id     TEXT NOT NULL,
	digest TEXT NOT NULL,
	PRIMARY KEY (kind, id)
) WITHOUT ROWID;

DROP TABLE translation_fts;
CREATE VIRTUAL TABLE translation_fts USING fts5 (
	title, summary, body, scope,
	content = '',
	contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 0',
	prefix = '2 3'
);
INSERT INTO translation_fts (translation_fts, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0, 0.0)');
INSERT OR REPLACE INTO meta (key, value) VALUES ('reindex', '1');
`,
	// 5: one search index over everything a reader looks for: items,
	// hotlines, services and programmes, phrases, countries and cities.
	// search_doc holds each row's display text, so a search reads its
	// results in the same query as its hits; search_vocab lists the
	// indexed words for typo correction. Translations keep their search
	// terms. The stored content is indexed again on the next open.
	`
ALTER TABLE translation ADD COLUMN terms TEXT NOT NULL DEFAULT '';

CREATE TABLE synonym (
	concept TEXT NOT NULL,
	lang    TEXT NOT NULL,
	term    TEXT NOT NULL
);

-- One row per indexed text in one language. type is item, hotline,
-- service, phrase or place; ref is the id of what it shows.
CREATE TABLE search_doc (
	id       INTEGER PRIMARY KEY, -- also the rowid of search_fts
	type     TEXT NOT NULL,
	ref      TEXT NOT NULL,
	lang     TEXT NOT NULL,
	original TEXT NOT NULL,
	kind     TEXT NOT NULL,
	region   TEXT NOT NULL,
	stages   TEXT NOT NULL,
	title    TEXT NOT NULL,
	summary  TEXT NOT NULL,
	detail   TEXT NOT NULL, -- a hotline's number, a service's address, a place's country
	status   TEXT NOT NULL
);
CREATE INDEX search_doc_by_ref ON search_doc (ref, type);

-- Folded text only. head_stems and stems hold the stems of the title and
-- terms, and of the summary and body: a word matched only by its stem
-- ranks below the same word matched as written.
DROP TABLE translation_fts;
CREATE VIRTUAL TABLE search_fts USING fts5 (
	title, terms, summary, body, head_stems, stems, scope,
	content = '',
	contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 0',
	prefix = '2 3'
);
INSERT INTO search_fts (search_fts, rank) VALUES ('rank', 'bm25(10.0, 10.0, 4.0, 1.0, 5.0, 0.5, 0.0)');
CREATE VIRTUAL TABLE search_vocab USING fts5vocab (search_fts, row);

DELETE FROM unit;
INSERT OR REPLACE INTO meta (key, value) VALUES ('reindex', '1');
`,
	// 6: remittance corridors (remittance.go).
	corridorMigration,
	// 7: checklists per country and stage (checklist.go).
	checklistMigration,
	// 8: feedback channels and story consent (feedback.go).
	feedbackMigration,
	// 9: every source of an item or record, not only the first: the pages
	// after the one readers are sent to, space-separated (addresses hold
	// no spaces). indexVersion 3 rewrites every unit on the next install,
	// which fills them in.
	`
ALTER TABLE item ADD COLUMN more_sources TEXT NOT NULL DEFAULT '';
ALTER TABLE hotline ADD COLUMN more_sources TEXT NOT NULL DEFAULT '';
ALTER TABLE service ADD COLUMN more_sources TEXT NOT NULL DEFAULT '';
ALTER TABLE phrase_category ADD COLUMN more_sources TEXT NOT NULL DEFAULT '';
`,
	// 10: search reads ranges (docid.go) and each install writes its
	// index in few segments. search_head indexes the titles
	// and search terms alone: its word lists are a few per cent of
	// search_fts's, so the results that name a word in their title are
	// found and ranked at once, and the full index is read only when they
	// do not fill the page. The stored content is indexed again on the
	// next open, with the new row numbers.
	`
CREATE VIRTUAL TABLE search_head USING fts5 (
	title, terms, head_stems,
	content = '',
	contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 0',
	prefix = '2 3'
);
INSERT INTO search_head (search_head, rank) VALUES ('rank', 'bm25(10.0, 10.0, 5.0)');
-- An install writes its index in segments of up to 16 MB of words, not
-- 1 MB: a search then reads a few b-trees per word, not dozens.
INSERT INTO search_head (search_head, rank) VALUES ('hashsize', 16777216);
INSERT INTO search_fts (search_fts, rank) VALUES ('hashsize', 16777216);
DELETE FROM unit;
INSERT OR REPLACE INTO meta (key, value) VALUES ('reindex', '1');
`,
	// 11: search reads an index of Safar's own (postings.go): for every
	// word, stem, concept and word pair, the list of texts that have it
	// with a weight each, ranked in Go. The FTS5 tables go. Each text in
	// search_doc records the term ids of its lists, so an install can take
	// it out of them. The stored content is indexed again on the next open.
	`
DROP TABLE search_vocab;
DROP TABLE search_fts;
DROP TABLE search_head;
CREATE TABLE search_term (
	id   INTEGER PRIMARY KEY,
	term TEXT NOT NULL, -- a folded word, or keyStem/keyPair and a key
	df   INTEGER NOT NULL, -- how many texts list holds
	list BLOB NOT NULL -- per text: the id's difference to the last (varint), a weight byte
);
-- Words are found by their key, and by a range of it for a prefix;
-- df beside it lets a prefix pick its commonest words from the index alone.
CREATE INDEX search_term_by_term ON search_term (term, df);
ALTER TABLE search_doc ADD COLUMN terms BLOB NOT NULL DEFAULT x'';
-- The texts' languages, read whole with the first search (textLangs), so
-- that showing a result reads only the row of the reader's language.
CREATE INDEX search_doc_by_lang ON search_doc (id, lang, original);
DELETE FROM unit;
INSERT OR REPLACE INTO meta (key, value) VALUES ('reindex', '1');
`,
}

// contentTables are emptied, in this order, before a pack is installed.
var contentTables = []string{"checklist", "feedback_channel", "story_consent", "corridor", "search_doc", "synonym", "phrase_text", "phrase", "phrase_category_name", "phrase_category",
	"translation", "item", "hotline_text", "hotline",
	"service_text", "service", "name", "region", "country"}
