package cli

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/rivo/uniseg"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// cobra and pflag write their own words in English: the headings of the
// help ("Usage:", "Flags:"), the help of --help and --version, the help
// and completion commands, and the errors of the command line. localize
// puts every one of them in the user's language, from the locale group
// "help": the usage is written by usageFunc (the layout of cobra's default
// template), the built-in commands get localized texts, the argument
// validators of every command are wrapped and flag errors go through
// flagError, and the errors cobra returns as plain text are recognised by
// cobraError.
func (a *app) localize(root *cobra.Command) {
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	root.InitDefaultVersionFlag()
	root.SetUsageFunc(a.usageFunc)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &exitError{code: ExitUsage, msg: a.usageError(a.flagError(err))}
	})
	if f := root.Flags().Lookup("version"); f != nil {
		f.Usage = a.t("help.flag.version", map[string]any{"Command": root.Name()})
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		switch {
		case c == root:
		case c.Name() == "help" && c.Parent() == root:
			a.localizeHelpCmd(c)
		case c.Name() == "completion" && c.Parent() == root:
			c.Short = a.t("help.completion.short", nil)
			c.Long = a.t("help.completion.long", map[string]any{"Command": root.Name()})
		case c.Parent() != nil && c.Parent().Name() == "completion" && c.Parent().Parent() == root:
			data := map[string]any{"Command": root.Name(), "Shell": c.Name()}
			c.Short = a.t("help.completion.shell.short", data)
			c.Long = a.t("help.completion."+c.Name()+".long", data)
			if f := c.Flags().Lookup("no-descriptions"); f != nil {
				f.Usage = a.t("help.completion.no_descriptions", nil)
			}
		}
		c.InitDefaultHelpFlag()
		if f := c.Flags().Lookup("help"); f != nil {
			f.Usage = a.t("help.flag.help", map[string]any{"Command": c.CommandPath()})
		}
		if c.Args != nil {
			c.Args = a.localArgs(c.Args)
		}
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root)
}

// localizeHelpCmd replaces the texts of cobra's help command, and its run:
// cobra's says "Unknown help topic" in English and exits 0.
func (a *app) localizeHelpCmd(h *cobra.Command) {
	root := h.Root()
	h.Use = "help " + a.t("help.command_placeholder", nil)
	h.Short = a.t("help.cmd.short", nil)
	h.Long = a.t("help.cmd.long", map[string]any{"Command": root.Name()})
	h.RunE = func(c *cobra.Command, args []string) error {
		cmd, rest, err := root.Find(args)
		if cmd == nil || err != nil || len(rest) > 0 {
			name := strings.Join(args, " ")
			return &exitError{code: ExitUsage, msg: a.usageError(a.t("help.error.unknown_topic", map[string]any{"Name": name, "Command": root.Name()}))}
		}
		cmd.InitDefaultHelpFlag()
		cmd.InitDefaultVersionFlag()
		return cmd.Help()
	}
	h.Run = nil
}

// usageError is a usage error's text: what is wrong, then where to look.
func (a *app) usageError(detail string) string {
	return a.t("cli.error.usage", map[string]any{"Detail": detail})
}

// tn returns plural message id in the user's language for count n.
func (a *app) tn(id string, n int, data map[string]any) string {
	s, _ := a.cat.Plural(a.lang, id, n, data)
	return s
}

// localArgs wraps a command's argument validator (cobra.ExactArgs, …),
// whose errors are English, so that its refusal is said in the user's
// language.
func (a *app) localArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		err := check(c, args)
		if err == nil {
			return nil
		}
		return &exitError{code: ExitUsage, msg: a.usageError(a.argsError(c, args, err))}
	}
}

// The texts of cobra's argument validators (args.go).
var (
	reArgsExact   = regexp.MustCompile(`^accepts (\d+) arg\(s\), received (\d+)$`)
	reArgsAtMost  = regexp.MustCompile(`^accepts at most (\d+) arg\(s\), received (\d+)$`)
	reArgsAtLeast = regexp.MustCompile(`^requires at least (\d+) arg\(s\), only received (\d+)$`)
	reArgsRange   = regexp.MustCompile(`^accepts between (\d+) and (\d+) arg\(s\), received (\d+)$`)
	reUnknownCmd  = regexp.MustCompile(`^unknown command "(.*)" for "(.*?)"`)
	reInvalidArg  = regexp.MustCompile(`^invalid argument "(.*)" for "(.*?)"`)
	reRequired    = regexp.MustCompile(`^required flag\(s\) "(.*)" not set$`)
)

// argsError says in the user's language what cobra's validator err said
// of the arguments args of c.
func (a *app) argsError(c *cobra.Command, args []string, err error) string {
	msg := err.Error()
	num := func(s string) int { n, _ := strconv.Atoi(s); return n }
	data := map[string]any{"Command": c.CommandPath(), "Got": len(args), "Use": a.useLine(c)}
	if m := reArgsExact.FindStringSubmatch(msg); m != nil {
		if num(m[1]) == 0 {
			data["Name"] = args[0]
			return a.t("help.error.args_none", data)
		}
		return a.tn("help.error.args_exact", num(m[1]), data)
	}
	if m := reArgsAtMost.FindStringSubmatch(msg); m != nil {
		return a.tn("help.error.args_at_most", num(m[1]), data)
	}
	if m := reArgsAtLeast.FindStringSubmatch(msg); m != nil {
		return a.tn("help.error.args_at_least", num(m[1]), data)
	}
	if m := reArgsRange.FindStringSubmatch(msg); m != nil {
		data["Min"], data["Max"] = num(m[1]), num(m[2])
		return a.t("help.error.args_range", data)
	}
	if m := reUnknownCmd.FindStringSubmatch(msg); m != nil && len(args) > 0 {
		// cobra.NoArgs
		data["Name"] = m[1]
		return a.t("help.error.args_none", data)
	}
	if m := reInvalidArg.FindStringSubmatch(msg); m != nil {
		data["Name"] = m[1]
		return a.t("help.error.invalid_arg", data)
	}
	return a.t("help.error.other", map[string]any{"Detail": msg})
}

// flagError says a flag error of pflag in the user's language.
func (a *app) flagError(err error) string {
	var (
		ne *pflag.NotExistError
		ve *pflag.ValueRequiredError
		ie *pflag.InvalidValueError
		se *pflag.InvalidSyntaxError
	)
	switch {
	case errors.As(err, &ne):
		if s := ne.GetSpecifiedShortnames(); s != "" {
			return a.t("help.error.unknown_shorthand", map[string]any{"Flag": "-" + ne.GetSpecifiedName(), "Group": "-" + s})
		}
		return a.t("help.error.unknown_flag", map[string]any{"Flag": "--" + ne.GetSpecifiedName()})
	case errors.As(err, &ve):
		flag := "--" + ve.GetSpecifiedName()
		if s := ve.GetSpecifiedShortnames(); s != "" {
			flag = "-" + ve.GetSpecifiedName()
		}
		return a.t("help.error.flag_needs_value", map[string]any{"Flag": flag})
	case errors.As(err, &ie):
		return a.t("help.error.flag_bad_value", map[string]any{"Flag": "--" + ie.GetFlag().Name, "Value": ie.GetValue()})
	case errors.As(err, &se):
		return a.t("help.error.flag_syntax", map[string]any{"Detail": strings.TrimPrefix(se.Error(), "bad flag syntax: ")})
	}
	return a.t("help.error.other", map[string]any{"Detail": err.Error()})
}

// cobraError says in the user's language an error that cobra returns as
// plain text, with nothing but its words to tell what it is: an unknown
// command of mla (with the commands it looks like), and required flags
// left out.
func (a *app) cobraError(root *cobra.Command, err error) string {
	msg := err.Error()
	if m := reUnknownCmd.FindStringSubmatch(msg); m != nil {
		s := a.usageError(a.t("help.error.unknown_command", map[string]any{"Name": m[1], "Command": m[2]}))
		if sug := root.SuggestionsFor(m[1]); len(sug) > 0 {
			s += "\n\n" + a.t("help.error.suggest", nil) + "\n\t" + strings.Join(sug, "\n\t")
		}
		return s
	}
	if m := reRequired.FindStringSubmatch(msg); m != nil {
		names := strings.Split(m[1], `", "`)
		for i, n := range names {
			names[i] = "--" + n
		}
		return a.usageError(a.tn("help.error.required_flags", len(names), map[string]any{"Flags": strings.Join(names, ", ")}))
	}
	var ne *pflag.NotExistError
	var ve *pflag.ValueRequiredError
	var ie *pflag.InvalidValueError
	var se *pflag.InvalidSyntaxError
	if errors.As(err, &ne) || errors.As(err, &ve) || errors.As(err, &ie) || errors.As(err, &se) {
		return a.usageError(a.flagError(err))
	}
	return a.usageError(a.t("help.error.other", map[string]any{"Detail": msg}))
}

// usageFunc writes c's usage as cobra's default template does, in the
// user's language.
func (a *app) usageFunc(c *cobra.Command) error {
	var b strings.Builder
	b.WriteString(a.t("help.usage", nil))
	if c.Runnable() {
		b.WriteString("\n  " + a.useLine(c))
	}
	if c.HasAvailableSubCommands() {
		b.WriteString("\n  " + c.CommandPath() + " " + a.t("help.command_placeholder", nil))
	}
	if len(c.Aliases) > 0 {
		b.WriteString("\n\n" + a.t("help.aliases", nil) + "\n  " + c.NameAndAliases())
	}
	if c.HasExample() {
		b.WriteString("\n\n" + a.t("help.examples", nil) + "\n" + c.Example)
	}
	if c.HasAvailableSubCommands() {
		b.WriteString("\n\n" + a.t("help.commands", nil))
		for _, s := range c.Commands() {
			if s.IsAvailableCommand() || s.Name() == "help" {
				fmt.Fprintf(&b, "\n  %-*s %s", s.NamePadding(), s.Name(), s.Short)
			}
		}
	}
	if c.HasAvailableLocalFlags() {
		b.WriteString("\n\n" + a.t("help.flags", nil) + "\n" + a.flagUsages(c.LocalFlags()))
	}
	if c.HasAvailableInheritedFlags() {
		b.WriteString("\n\n" + a.t("help.global_flags", nil) + "\n" + a.flagUsages(c.InheritedFlags()))
	}
	if c.HasHelpSubCommands() {
		b.WriteString("\n\n" + a.t("help.topics", nil))
		for _, s := range c.Commands() {
			if s.IsAdditionalHelpTopicCommand() {
				fmt.Fprintf(&b, "\n  %-*s %s", s.CommandPathPadding(), s.CommandPath(), s.Short)
			}
		}
	}
	if c.HasAvailableSubCommands() {
		b.WriteString("\n\n" + a.t("help.more", map[string]any{"Command": c.CommandPath()}))
	}
	b.WriteString("\n")
	_, err := io.WriteString(c.OutOrStderr(), b.String())
	return err
}

// useLine is c's command line, "[flags]" in the user's language.
func (a *app) useLine(c *cobra.Command) string {
	line := c.UseLine()
	if s, ok := strings.CutSuffix(line, " [flags]"); ok {
		line = s + " " + a.t("help.flags_placeholder", nil)
	}
	return line
}

// flagUsages lists the flags of fs as pflag's FlagUsages does, with the
// value's name and the default in the user's language, aligned by the
// width of the text on a terminal (a Chinese character takes two columns).
func (a *app) flagUsages(fs *pflag.FlagSet) string {
	var lines []string
	width := 0
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		line := "      --" + f.Name
		if f.Shorthand != "" && f.ShorthandDeprecated == "" {
			line = "  -" + f.Shorthand + ", --" + f.Name
		}
		varname, usage := pflag.UnquoteUsage(f)
		if varname != "" {
			if varname == "string" {
				varname = a.t("help.flag_value", nil)
			}
			line += " " + varname
		}
		if f.NoOptDefVal != "" && f.Value.Type() != "bool" {
			line += "[=" + f.NoOptDefVal + "]"
		}
		width = max(width, uniseg.StringWidth(line))
		if !zeroDefault(f) {
			v := f.DefValue
			if f.Value.Type() == "string" {
				v = strconv.Quote(v)
			}
			usage = a.t("help.default", map[string]any{"Usage": usage, "Value": v})
		}
		lines = append(lines, line+"\x00"+usage)
	})
	var b strings.Builder
	for _, l := range lines {
		head, usage, _ := strings.Cut(l, "\x00")
		pad := width - uniseg.StringWidth(head)
		usage = strings.ReplaceAll(usage, "\n", "\n"+strings.Repeat(" ", width+3))
		b.WriteString(head + strings.Repeat(" ", pad) + "   " + usage + "\n")
	}
	return strings.TrimRight(b.String(), " \n")
}

// zeroDefault reports whether f's default is its type's zero value, which
// pflag does not show.
func zeroDefault(f *pflag.Flag) bool {
	switch f.DefValue {
	case "", "false", "0", "[]", "<nil>", "0s":
		return true
	}
	return false
}
