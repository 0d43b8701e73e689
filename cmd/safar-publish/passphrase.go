package main

import (
	"bufio"
	"bytes"
	"crypto/subtle"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"golang.org/x/term"

	"safar.app/safar/sync/publish"
)

// stdin is where passphrases come from: the terminal, read without echo,
// when it is one; otherwise one line each (a script, or a test).
var stdin io.Reader = os.Stdin

// prompter asks for passphrases on stderr and reads them from stdin.
type prompter struct {
	stderr io.Writer
	lines  *bufio.Reader
}

func (p *prompter) ask(prompt string) ([]byte, error) {
	fmt.Fprint(p.stderr, prompt)
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		pass, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(p.stderr)
		return pass, err
	}
	if p.lines == nil {
		p.lines = bufio.NewReader(stdin)
	}
	line, err := p.lines.ReadBytes('\n')
	if err == io.EOF && len(line) > 0 {
		err = nil
	}
	if err != nil {
		return nil, errors.New("no passphrase given (stdin is closed)")
	}
	fmt.Fprintln(p.stderr)
	return bytes.TrimRight(line, "\r\n"), nil
}

// keyPassphrase asks for the passphrase of a protected key file.
func (p *prompter) keyPassphrase(file string) ([]byte, error) {
	return p.ask(fmt.Sprintf("passphrase for %s: ", file))
}

// protectKey writes KEYFILE.age, the key file protected by a passphrase
// asked twice, and checks that it opens again before saying so.
func protectKey(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("protect-key", flag.ContinueOnError)
	fs.SetOutput(stderr)
	remove := fs.Bool("remove", false, "remove the plain key file once the protected one is written and opens")
	if err := fs.Parse(flagsFirst(fs, args)); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: safar-publish protect-key KEYFILE [--remove]")
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "safar-publish protect-key: %v\n", err)
		return 1
	}
	keyFile := fs.Arg(0)
	out := keyFile + publish.ProtectedSuffix
	plain, err := os.ReadFile(keyFile)
	defer clear(plain)
	if err != nil {
		return fail(err)
	}
	if publish.IsProtected(plain) {
		return fail(fmt.Errorf("%s is protected already", keyFile))
	}
	key, err := publish.ParseKey(plain)
	if err != nil {
		return fail(fmt.Errorf("%s: %w", keyFile, err))
	}
	defer clear(key)
	if _, err := os.Stat(out); err == nil {
		return fail(fmt.Errorf("%s exists already: remove it first if you mean to replace it", out))
	}
	p := &prompter{stderr: stderr}
	pass, err := p.ask(fmt.Sprintf("new passphrase for %s: ", keyFile))
	defer clear(pass)
	if err != nil {
		return fail(err)
	}
	if len(pass) == 0 {
		return fail(errors.New("the passphrase is empty: nothing written"))
	}
	again, err := p.ask("the same passphrase again: ")
	defer clear(again)
	if err != nil {
		return fail(err)
	}
	if subtle.ConstantTimeCompare(pass, again) != 1 {
		return fail(errors.New("the two passphrases differ: nothing written"))
	}
	protected, err := publish.ProtectKey(plain, pass)
	if err != nil {
		return fail(err)
	}
	// Check that the protected file opens to the same key before anyone
	// relies on it.
	opened, err := publish.OpenKey(protected, out, func(string) ([]byte, error) { return bytes.Clone(pass), nil })
	if err != nil || !opened.Equal(key) {
		return fail(fmt.Errorf("the protected key does not open again (%v): nothing written", err))
	}
	clear(opened)
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fail(err)
	}
	if _, err := f.Write(protected); err != nil {
		f.Close()
		os.Remove(out)
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(out)
		return fail(err)
	}
	fmt.Fprintf(stdout, "wrote %s, the key protected by your passphrase\n", out)
	if *remove {
		if err := os.Remove(keyFile); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "removed %s: the keys folder now uses %s and asks for the passphrase\n", keyFile, out)
		return 0
	}
	fmt.Fprintf(stdout, "%s is still there and is used first: remove it (or run with --remove) to sign only with the passphrase\n", keyFile)
	return 0
}
