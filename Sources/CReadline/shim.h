// GNU readline for chatctl's shell. Swift cannot safely touch readline's global variables under strict
// concurrency, so the few it needs are reached through these small functions, all called from the one
// thread that owns the line editor.
#ifndef CHATCTL_READLINE_SHIM_H
#define CHATCTL_READLINE_SHIM_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <readline/readline.h>
#include <readline/history.h>

/// Readline's own terminal restore, called after each line, would hand the terminal back to the line
/// discipline while a command runs: a Ctrl-D typed then is read by the kernel as end-of-file and lost. The
/// shell keeps the terminal in readline's mode for its whole life instead and restores it once, on leaving.
static void chat_rl_keep_terminal(void) {}

/// Readline must not install its own signal handlers: the shell turns Ctrl-C into "cancel", not "exit".
static inline void chat_rl_setup(const char *name, char **(*completer)(const char *, int, int)) {
    rl_readline_name = name;
    rl_deprep_term_function = chat_rl_keep_terminal;
    rl_catch_signals = 0;
    rl_catch_sigwinch = 1;
    rl_attempted_completion_function = completer;
    rl_completer_quote_characters = "\"'";
}

/// Gives the terminal back as it was before the shell started.
static inline void chat_rl_restore_terminal(void) { rl_deprep_terminal(); }

/// Replaces the function readline reads keys with.
static inline void chat_rl_set_getc(int (*getc)(FILE *)) { rl_getc_function = getc; }

/// The whole line typed so far, and where the cursor is.
static inline const char *chat_rl_line_buffer(void) { return rl_line_buffer; }
static inline int chat_rl_point(void) { return rl_point; }

/// Tell readline not to fall back to file-name completion after ours.
static inline void chat_rl_completion_over(void) { rl_attempted_completion_over = 1; }

/// Prints `text` above the prompt without disturbing what is being typed: the prompt and the partial line
/// are cleared, the text printed, and both drawn again with the cursor where it was.
static inline void chat_rl_print_above(const char *text) {
    int point = rl_point;
    char *saved = rl_copy_text(0, rl_end);
    rl_save_prompt();
    rl_replace_line("", 0);
    rl_redisplay();
    fputs("\r\033[K", stdout);
    fputs(text, stdout);
    fflush(stdout);
    rl_restore_prompt();
    rl_replace_line(saved, 0);
    rl_point = point;
    rl_forced_update_display();
    free(saved);
}

/// Ctrl-C with nothing running: drop the partial line and show a fresh prompt.
static inline void chat_rl_abandon_line(void) {
    rl_replace_line("", 0);
    rl_point = 0;
    rl_end = 0;
    fputs("^C\n", stdout);
    fflush(stdout);
    rl_on_new_line();
    rl_redisplay();
}

/// Changes the prompt of the line being edited.
static inline void chat_rl_set_prompt(const char *prompt) {
    rl_set_prompt(prompt);
    rl_redisplay();
}

#endif
