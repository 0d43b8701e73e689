// Package studio is Safar Studio: a local web application in which an
// editor edits the content tree through forms, checks it, previews it and
// signs a release, through the same loader, checker and release code as
// safar-publish. The files stay the truth: the Studio keeps no database
// and writes the same files an editor would write by hand, changing only
// the keys whose values change.
//
// It listens only on loopback, every request carries the session's token,
// paths outside the tree are refused, and it writes only the folders the
// editor's delegation covers. It imports no Fyne: the preview, rendered
// by the app's own screens, is passed in as a Previewer.
package studio

import (
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"safar.app/safar/content"
	studiolocales "safar.app/safar/locales/studio"
)

// Previewer renders screen where (an app address: "article:<id>",
// "service:<id>", "emergency", "phrases:<category>", "money") of the tree
// fsys as a reader in language lang and country would see it on a phone,
// as a PNG.
type Previewer func(fsys fs.FS, where, lang, country string) ([]byte, error)

// Config is what a Studio session works on.
type Config struct {
	Dir string // the content tree
	// Scopes are the folders the editor's delegation covers ("de/berlin/");
	// none means the whole tree.
	Scopes []string
	// Publisher, Feed and Keys are what a release needs: the publisher
	// whose folder is released, the feed folder, and the keys folder that
	// holds the feed's online key (the publisher's own key the editor
	// opens from a file when releasing).
	Publisher, Feed, Keys string
	Preview               Previewer
	Lang                  string           // the Studio's own language; "" is English
	Now                   func() time.Time // the clock; nil is the system clock
}

// Server is one Studio session.
type Server struct {
	cfg   Config
	tree  *tree
	token string
	hosts map[string]bool // Host headers the session answers: its own address
	tmpl  *template.Template
	loc   *studiolocales.Localizer
	mu    sync.Mutex // one write at a time
	pmu   sync.Mutex // one preview at a time

	imu    sync.Mutex
	cached *index
	stamp  string // the tree's fingerprint when cached was loaded
}

// index is the tree as loaded and checked, loaded again only when a file
// changed (in the Studio or beside it: git, another editor).
func (s *Server) index() *index {
	stamp := s.tree.fingerprint()
	s.imu.Lock()
	defer s.imu.Unlock()
	if s.cached == nil || stamp != s.stamp || s.cached.day != s.today() {
		s.cached, s.stamp = load(s.tree, s.today()), stamp
	}
	return s.cached
}

//go:embed web
var web embed.FS

// New opens a session on cfg.Dir with a fresh token.
func New(cfg Config) (*Server, error) {
	t, err := openTree(cfg.Dir, cfg.Scopes)
	if err != nil {
		return nil, err
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	loc := studiolocales.New(cfg.Lang)
	s := &Server{cfg: cfg, tree: t, token: hex.EncodeToString(b), hosts: map[string]bool{}, loc: loc}
	s.tmpl, err = template.New("").Funcs(s.funcs()).ParseFS(web, "web/*.html")
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Token is the session's secret; the start-up URL carries it.
func (s *Server) Token() string { return s.token }

// Listen opens a random free port on 127.0.0.1 and returns the listener
// and the URL to open, with the token.
func (s *Server) Listen() (net.Listener, string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	s.Allow(ln.Addr().String())
	return ln, "http://" + ln.Addr().String() + "/?token=" + s.token, nil
}

// Allow lets the session answer requests addressed to addr (host:port of
// its own listener) and to localhost on the same port.
func (s *Server) Allow(addr string) {
	_, port, _ := net.SplitHostPort(addr)
	s.hosts["127.0.0.1:"+port] = true
	s.hosts["localhost:"+port] = true
}

func (s *Server) today() content.Date { return content.DateOf(s.cfg.Now()) }

const cookieName = "safar_studio"

// Handler is the Studio behind its guard.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.overview)
	mux.HandleFunc("GET /item", s.itemPage)
	mux.HandleFunc("POST /item", s.saveItem)
	mux.HandleFunc("POST /review", s.review)
	mux.HandleFunc("GET /new", s.newPage)
	mux.HandleFunc("POST /new", s.newItem)
	mux.HandleFunc("GET /file", s.filePage)
	mux.HandleFunc("POST /file", s.saveFile)
	mux.HandleFunc("GET /release", s.releasePage)
	mux.HandleFunc("POST /release", s.release)
	mux.HandleFunc("POST /api/phone", s.apiPhone)
	mux.HandleFunc("POST /api/hours", s.apiHours)
	mux.HandleFunc("POST /api/preview", s.apiPreview)
	static, _ := fs.Sub(web, "web/static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	return s.guard(mux)
}

// guard refuses what is not this session's editor: a request from off the
// machine, to another host name (DNS rebinding), from another site's page,
// without the token, or naming a path with "..".
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
			http.Error(w, "Safar Studio answers only this computer", http.StatusForbidden)
			return
		}
		if !s.hosts[r.Host] {
			http.Error(w, "Safar Studio answers only its own address", http.StatusForbidden)
			return
		}
		if o := r.Header.Get("Origin"); o != "" && o != "null" {
			u, err := url.Parse(o)
			if err != nil || u.Scheme != "http" || !s.hosts[u.Host] {
				http.Error(w, "request from another site refused", http.StatusForbidden)
				return
			}
		}
		if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
			http.Error(w, "request from another site refused", http.StatusForbidden)
			return
		}
		if strings.Contains(r.URL.Path, "..") || strings.Contains(r.URL.RawQuery, "..") || strings.Contains(r.URL.RawQuery, "%2e%2e") || strings.Contains(strings.ToLower(r.URL.RawQuery), "%2e%2e") {
			http.Error(w, "paths with .. are refused", http.StatusBadRequest)
			return
		}
		if q := r.URL.Query().Get("token"); q != "" {
			if !s.tokenOK(q) {
				http.Error(w, "wrong token: open the address safar-publish studio printed", http.StatusForbidden)
				return
			}
			// The token moves into a cookie that only this origin sends,
			// and out of the address bar and history.
			http.SetCookie(w, &http.Cookie{Name: cookieName, Value: s.token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
			u := *r.URL
			v := u.Query()
			v.Del("token")
			u.RawQuery = v.Encode()
			http.Redirect(w, r, u.RequestURI(), http.StatusSeeOther)
			return
		}
		tok := r.Header.Get("X-Studio-Token")
		if c, err := r.Cookie(cookieName); err == nil && tok == "" {
			tok = c.Value
		}
		if !s.tokenOK(tok) {
			http.Error(w, "no session token: open the address safar-publish studio printed", http.StatusForbidden)
			return
		}
		// The Studio speaks the language it was started in, or else the
		// browser's.
		loc := s.loc
		if s.cfg.Lang == "" {
			loc = studiolocales.New(firstLanguage(r.Header.Get("Accept-Language")))
		}
		w = &langWriter{ResponseWriter: w, loc: loc}
		w.Header().Set("X-Frame-Options", "DENY")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'")
		w.Header().Set("Referrer-Policy", "no-referrer")
		w.Header().Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

func (s *Server) tokenOK(t string) bool {
	return t != "" && subtle.ConstantTimeCompare([]byte(t), []byte(s.token)) == 1
}

// refuse answers a refused path with the status that says why.
func refuse(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, ErrOutsideTree):
		http.Error(w, err.Error(), http.StatusBadRequest)
	case errors.Is(err, ErrOutsideDelegation):
		http.Error(w, err.Error(), http.StatusForbidden)
	default:
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// langWriter carries the localizer of one request to what answers it.
type langWriter struct {
	http.ResponseWriter
	loc *studiolocales.Localizer
}

// locOf is the localizer of the request w answers.
func (s *Server) locOf(w http.ResponseWriter) *studiolocales.Localizer {
	if lw, ok := w.(*langWriter); ok {
		return lw.loc
	}
	return s.loc
}

// firstLanguage is the first tag of an Accept-Language header.
func firstLanguage(h string) string {
	tag, _, _ := strings.Cut(h, ",")
	tag, _, _ = strings.Cut(tag, ";")
	return strings.TrimSpace(tag)
}

func (s *Server) render(w http.ResponseWriter, status int, name string, data map[string]any) {
	loc := s.locOf(w)
	data["Lang"] = loc.Tag()
	data["Scopes"] = s.tree.scopes
	tmpl := s.tmpl
	if loc != s.loc {
		if c, err := s.tmpl.Clone(); err == nil {
			tmpl = c.Funcs(template.FuncMap{"T": func(id string, kv ...any) string { return loc.T(id, kv...) }})
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if err := tmpl.ExecuteTemplate(w, name, data); err != nil {
		fmt.Fprintf(w, "<pre>%s</pre>", template.HTMLEscapeString(err.Error()))
	}
}

func (s *Server) funcs() template.FuncMap {
	return template.FuncMap{
		"T": func(id string, kv ...any) string { return s.loc.T(id, kv...) },
		"rtl": func(lang string) bool {
			return studiolocales.RightToLeft(lang)
		},
		"dir": func(lang string) string {
			if studiolocales.RightToLeft(lang) {
				return "rtl"
			}
			return "ltr"
		},
		"join": strings.Join,
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[kv[i].(string)] = kv[i+1]
			}
			return m
		},
		"filePart": func(where string) string { f, _ := splitWhere(where); return f },
		"has":      func(m map[string]string, k string) bool { _, ok := m[k]; return ok },
	}
}
