function __chatctl_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __chatctl_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __chatctl_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __chatctl_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __chatctl_parse_tokens -S
    set -l unparsed_tokens (__chatctl_tokens -pc)
    switch $unparsed_tokens[1]
    case 'chatctl'
        __chatctl_parse_subcommand 0 'h/help'
        switch $unparsed_tokens[1]
        case 'login'
            __chatctl_parse_subcommand 0 'socket=' 'server=' 'token=' 'o/output=' 'u/username=' 'password-stdin' 'h/help'
        case 'logout'
            __chatctl_parse_subcommand 0 'socket=' 'server=' 'token=' 'o/output=' 'h/help'
        case 'whoami'
            __chatctl_parse_subcommand 0 'socket=' 'server=' 'token=' 'o/output=' 'h/help'
        case 'users'
            __chatctl_parse_subcommand 0 'socket=' 'server=' 'token=' 'o/output=' 'h/help'
        case 'user'
            __chatctl_parse_subcommand 1 'socket=' 'server=' 'token=' 'o/output=' 'h/help'
        case 'kick'
            __chatctl_parse_subcommand 1 'socket=' 'server=' 'token=' 'o/output=' 'r/reason=' 'h/help'
        case 'announce'
            __chatctl_parse_subcommand -r 1 'socket=' 'server=' 'token=' 'o/output=' 'h/help'
        case 'ban'
            __chatctl_parse_subcommand 1 'socket=' 'server=' 'token=' 'o/output=' 'for=' 'r/reason=' 'private-reason=' 'dry-run' 'force' 'h/help'
        case 'unban'
            __chatctl_parse_subcommand 1 'socket=' 'server=' 'token=' 'o/output=' 'h/help'
        case 'bans'
            __chatctl_parse_subcommand 0 'socket=' 'server=' 'token=' 'o/output=' 'all' 'h/help'
        case 'mute'
            __chatctl_parse_subcommand 1 'socket=' 'server=' 'token=' 'o/output=' 'for=' 'r/reason=' 'private-reason=' 'dry-run' 'force' 'h/help'
        case 'unmute'
            __chatctl_parse_subcommand 1 'socket=' 'server=' 'token=' 'o/output=' 'h/help'
        case 'mutes'
            __chatctl_parse_subcommand 0 'socket=' 'server=' 'token=' 'o/output=' 'all' 'h/help'
        case 'limits'
            __chatctl_parse_subcommand 0 'h/help'
            switch $unparsed_tokens[1]
            case 'show'
                __chatctl_parse_subcommand 0 'socket=' 'server=' 'token=' 'o/output=' 'h/help'
            case 'set'
                __chatctl_parse_subcommand 0 'socket=' 'server=' 'token=' 'o/output=' 'message-rate=' 'join-rate=' 'host-cap=' 'connection-cap=' 'ipv6-prefix=' 'ttl=' 'h/help'
            end
        case 'overrides'
            __chatctl_parse_subcommand 0 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __chatctl_parse_subcommand 0 'socket=' 'server=' 'token=' 'o/output=' 'h/help'
            case 'add'
                __chatctl_parse_subcommand 1 'socket=' 'server=' 'token=' 'o/output=' 'message-rate=' 'host-cap=' 'connection-cap=' 'exempt' 'ttl=' 'r/reason=' 'force' 'h/help'
            case 'remove'
                __chatctl_parse_subcommand 1 'socket=' 'server=' 'token=' 'o/output=' 'h/help'
            end
        case 'hosts'
            __chatctl_parse_subcommand 0 'socket=' 'server=' 'token=' 'o/output=' 'h/help'
        case 'explain'
            __chatctl_parse_subcommand 1 'socket=' 'server=' 'token=' 'o/output=' 'h/help'
        case 'stats'
            __chatctl_parse_subcommand 0 'socket=' 'server=' 'token=' 'o/output=' 'h/help'
        case 'audit'
            __chatctl_parse_subcommand 0 'socket=' 'server=' 'token=' 'o/output=' 'actor=' 'action=' 'since=' 'until=' 'limit=' 'follow' 'h/help'
        case 'watch'
            __chatctl_parse_subcommand 0 'socket=' 'server=' 'token=' 'o/output=' 'since=' 'h/help'
        case 'accounts'
            __chatctl_parse_subcommand 0 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __chatctl_parse_subcommand 0 'socket=' 'server=' 'token=' 'o/output=' 'h/help'
            case 'add'
                __chatctl_parse_subcommand 1 'socket=' 'server=' 'token=' 'o/output=' 'role=' 'password-stdin' 'h/help'
            case 'remove'
                __chatctl_parse_subcommand 1 'socket=' 'server=' 'token=' 'o/output=' 'h/help'
            case 'passwd'
                __chatctl_parse_subcommand 1 'socket=' 'server=' 'token=' 'o/output=' 'password-stdin' 'h/help'
            case 'role'
                __chatctl_parse_subcommand 2 'socket=' 'server=' 'token=' 'o/output=' 'h/help'
            end
        case 'tokens'
            __chatctl_parse_subcommand 0 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __chatctl_parse_subcommand 0 'socket=' 'server=' 'token=' 'o/output=' 'account=' 'h/help'
            case 'create'
                __chatctl_parse_subcommand 1 'socket=' 'server=' 'token=' 'o/output=' 'account=' 'expires-in=' 'h/help'
            case 'revoke'
                __chatctl_parse_subcommand 1 'socket=' 'server=' 'token=' 'o/output=' 'h/help'
            end
        case 'shell'
            __chatctl_parse_subcommand 0 'socket=' 'server=' 'token=' 'o/output=' 'h/help'
        case 'help'
            __chatctl_parse_subcommand -r 1 
        end
    end
end

function __chatctl_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __chatctl_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __chatctl_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __chatctl_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__chatctl_tokens -p)
    if test -z "$(__chatctl_tokens -t)"
        set -l index (count (__chatctl_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'chatctl' -f
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl" -eq 1' -fa 'login' -d 'Log in to a server\'s admin API and keep the token (mode 0600).'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl" -eq 1' -fa 'logout' -d 'Revoke the stored login token and forget it.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl" -eq 1' -fa 'whoami' -d 'Show who the server takes you for.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl" -eq 1' -fa 'users' -d 'List the people in the room.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl" -eq 1' -fa 'user' -d 'Show one person in the room.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl" -eq 1' -fa 'kick' -d 'Remove a person from the room now.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl" -eq 1' -fa 'announce' -d 'Send an announcement to everyone in the room.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl" -eq 1' -fa 'ban' -d 'Ban a nick, an address or a range: removes them now and refuses their joins.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl" -eq 1' -fa 'unban' -d 'Lift a ban by its id, or every ban on a target.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl" -eq 1' -fa 'bans' -d 'List bans in force (--all: with lifted and expired ones).'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl" -eq 1' -fa 'mute' -d 'Mute a nick, an address or a range: they stay but their messages are refused.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl" -eq 1' -fa 'unmute' -d 'Lift a mute by its id, or every mute on a target.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl" -eq 1' -fa 'mutes' -d 'List mutes in force (--all: with lifted and expired ones).'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl" -eq 1' -fa 'limits' -d 'Show or change message rates, join rates and per-host caps, live.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl" -eq 1' -fa 'overrides' -d 'Exceptions to the limits for a nick or an address range.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl" -eq 1' -fa 'hosts' -d 'Each host (an address, or an IPv6 /64): its sessions and its connections against their caps.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl" -eq 1' -fa 'explain' -d 'Why a nick or an address is refused or limited: bans, mutes, overrides, limits, counters.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl" -eq 1' -fa 'stats' -d 'Show people, held polls, messages and uptime.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl" -eq 1' -fa 'audit' -d 'Read the audit log: every change and every refused attempt.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl" -eq 1' -fa 'watch' -d 'Follow room and moderation events as they happen, until Ctrl-C.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl" -eq 1' -fa 'accounts' -d 'Manage operator and moderator accounts (admin only).'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl" -eq 1' -fa 'tokens' -d 'Manage API tokens for scripts.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl" -eq 1' -fa 'shell' -d 'An interactive shell: the same commands, with line editing, history, TAB completion and live events.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl login" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl login" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl login" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl login" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl login" u username' -s 'u' -l 'username' -d 'Account name (default: $USER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl login" password-stdin' -l 'password-stdin' -d 'Read the password from the first line of standard input.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl login" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl logout" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl logout" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl logout" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl logout" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl logout" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl whoami" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl whoami" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl whoami" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl whoami" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl whoami" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl users" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl users" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl users" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl users" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl users" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl user" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl user" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl user" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl user" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl user" -eq 1' -fka '(__chatctl_custom_completion ---completion user -- positional@0 (count (__chatctl_tokens -pc)) (__chatctl_tokens -tC))'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl user" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl kick" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl kick" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl kick" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl kick" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl kick" -eq 1' -fka '(__chatctl_custom_completion ---completion kick -- positional@0 (count (__chatctl_tokens -pc)) (__chatctl_tokens -tC))'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl kick" r reason' -s 'r' -l 'reason' -d 'Shown to the person and the room.' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl kick" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl announce" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl announce" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl announce" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl announce" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl announce" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl ban" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl ban" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl ban" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl ban" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl ban" -eq 1' -fka '(__chatctl_custom_completion ---completion ban -- positional@0 (count (__chatctl_tokens -pc)) (__chatctl_tokens -tC))'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl ban" for' -l 'for' -d 'How long: 90s, 30m, 2h, 7d, 1w (default: permanent).' -rfka '30s 5m 30m 1h 2h 12h 1d 7d 30d'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl ban" r reason' -s 'r' -l 'reason' -d 'Shown to the person.' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl ban" private-reason' -l 'private-reason' -d 'For moderators only.' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl ban" dry-run' -l 'dry-run' -d 'List the sessions it would hit and change nothing.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl ban" force' -l 'force' -d 'Allow a range wider than /16 (IPv4) or /48 (IPv6), one that holds every IPv4 address, or one that covers your own address.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl ban" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl unban" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl unban" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl unban" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl unban" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl unban" -eq 1' -fka '(__chatctl_custom_completion ---completion unban -- positional@0 (count (__chatctl_tokens -pc)) (__chatctl_tokens -tC))'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl unban" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl bans" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl bans" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl bans" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl bans" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl bans" all' -l 'all' -d 'Include lifted and expired bans.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl bans" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl mute" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl mute" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl mute" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl mute" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl mute" -eq 1' -fka '(__chatctl_custom_completion ---completion mute -- positional@0 (count (__chatctl_tokens -pc)) (__chatctl_tokens -tC))'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl mute" for' -l 'for' -d 'How long: 90s, 30m, 2h, 7d, 1w (default: permanent).' -rfka '30s 5m 30m 1h 2h 12h 1d 7d 30d'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl mute" r reason' -s 'r' -l 'reason' -d 'Shown to the person.' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl mute" private-reason' -l 'private-reason' -d 'For moderators only.' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl mute" dry-run' -l 'dry-run' -d 'List the sessions it would hit and change nothing.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl mute" force' -l 'force' -d 'Allow a range wider than /16 (IPv4) or /48 (IPv6), one that holds every IPv4 address, or one that covers your own address.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl mute" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl unmute" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl unmute" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl unmute" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl unmute" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl unmute" -eq 1' -fka '(__chatctl_custom_completion ---completion unmute -- positional@0 (count (__chatctl_tokens -pc)) (__chatctl_tokens -tC))'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl unmute" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl mutes" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl mutes" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl mutes" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl mutes" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl mutes" all' -l 'all' -d 'Include lifted and expired mutes.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl mutes" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl limits" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl limits" -eq 1' -fa 'show' -d 'Show the limits in force.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl limits" -eq 1' -fa 'set' -d 'Change limits now, for people already present too (admin).'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl limits show" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl limits show" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl limits show" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl limits show" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl limits show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl limits set" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl limits set" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl limits set" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl limits set" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl limits set" message-rate' -l 'message-rate' -d 'COUNT/PERIOD[:BURST], e.g. 10/3s or 5/10s:8.' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl limits set" join-rate' -l 'join-rate' -d 'Joins per host per minute.' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl limits set" host-cap' -l 'host-cap' -d 'Concurrent sessions per host.' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl limits set" connection-cap' -l 'connection-cap' -d 'Concurrent TCP connections to the chat per host.' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl limits set" ipv6-prefix' -l 'ipv6-prefix' -d 'Group IPv6 addresses into hosts by this prefix length.' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl limits set" ttl' -l 'ttl' -d 'Revert to the current values after this long, e.g. 10m.' -rfka '30s 5m 30m 1h 2h 12h 1d 7d 30d'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl limits set" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl overrides" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl overrides" -eq 1' -fa 'list' -d 'List the overrides in force.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl overrides" -eq 1' -fa 'add' -d 'Give a nick or a range its own limits, or exempt it (admin).'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl overrides" -eq 1' -fa 'remove' -d 'Remove an override by id (admin).'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl overrides list" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl overrides list" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl overrides list" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl overrides list" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl overrides list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl overrides add" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl overrides add" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl overrides add" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl overrides add" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl overrides add" -eq 1' -fka '(__chatctl_custom_completion ---completion overrides add -- positional@0 (count (__chatctl_tokens -pc)) (__chatctl_tokens -tC))'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl overrides add" message-rate' -l 'message-rate' -d 'Its own message rate, e.g. 30/10s.' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl overrides add" host-cap' -l 'host-cap' -d 'Its own sessions per host.' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl overrides add" connection-cap' -l 'connection-cap' -d 'Its own TCP connections per host (an address or a range only).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl overrides add" exempt' -l 'exempt' -d 'Exempt from message rates, join rates, host caps and connection caps.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl overrides add" ttl' -l 'ttl' -d 'Remove it by itself after this long, e.g. 2h.' -rfka '30s 5m 30m 1h 2h 12h 1d 7d 30d'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl overrides add" r reason' -s 'r' -l 'reason' -d 'Why, for the record.' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl overrides add" force' -l 'force' -d 'Allow a range wider than /16 (IPv4) or /48 (IPv6), or one that holds every IPv4 address.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl overrides add" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl overrides remove" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl overrides remove" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl overrides remove" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl overrides remove" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl overrides remove" -eq 1' -fka '(__chatctl_custom_completion ---completion overrides remove -- positional@0 (count (__chatctl_tokens -pc)) (__chatctl_tokens -tC))'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl overrides remove" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl hosts" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl hosts" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl hosts" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl hosts" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl hosts" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl explain" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl explain" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl explain" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl explain" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl explain" -eq 1' -fka '(__chatctl_custom_completion ---completion explain -- positional@0 (count (__chatctl_tokens -pc)) (__chatctl_tokens -tC))'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl explain" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl stats" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl stats" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl stats" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl stats" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl stats" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl audit" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl audit" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl audit" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl audit" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl audit" actor' -l 'actor' -d 'Only lines by this actor (an account, or local:<user>).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl audit" action' -l 'action' -d 'Only this action (login, kick, account.create, …).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl audit" since' -l 'since' -d 'Only lines at or after this RFC 3339 time.' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl audit" until' -l 'until' -d 'Only lines before this RFC 3339 time.' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl audit" limit' -l 'limit' -d 'How many lines (1 to 1000).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl audit" follow' -l 'follow' -d 'Keep printing new lines as they are written.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl audit" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl watch" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl watch" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl watch" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl watch" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl watch" since' -l 'since' -d 'Start after this event number instead of now.' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl watch" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl accounts" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl accounts" -eq 1' -fa 'list' -d 'List the accounts.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl accounts" -eq 1' -fa 'add' -d 'Create an account.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl accounts" -eq 1' -fa 'remove' -d 'Delete an account and its tokens.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl accounts" -eq 1' -fa 'passwd' -d 'Set an account\'s password.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl accounts" -eq 1' -fa 'role' -d 'Change an account\'s role.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl accounts list" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl accounts list" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl accounts list" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl accounts list" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl accounts list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl accounts add" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl accounts add" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl accounts add" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl accounts add" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl accounts add" role' -l 'role' -d 'admin or moderator.' -rfka 'moderator admin'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl accounts add" password-stdin' -l 'password-stdin' -d 'Read the password from the first line of standard input.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl accounts add" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl accounts remove" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl accounts remove" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl accounts remove" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl accounts remove" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl accounts remove" -eq 1' -fka '(__chatctl_custom_completion ---completion accounts remove -- positional@0 (count (__chatctl_tokens -pc)) (__chatctl_tokens -tC))'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl accounts remove" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl accounts passwd" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl accounts passwd" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl accounts passwd" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl accounts passwd" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl accounts passwd" -eq 1' -fka '(__chatctl_custom_completion ---completion accounts passwd -- positional@0 (count (__chatctl_tokens -pc)) (__chatctl_tokens -tC))'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl accounts passwd" password-stdin' -l 'password-stdin' -d 'Read the password from the first line of standard input.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl accounts passwd" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl accounts role" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl accounts role" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl accounts role" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl accounts role" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl accounts role" -eq 1' -fka '(__chatctl_custom_completion ---completion accounts role -- positional@0 (count (__chatctl_tokens -pc)) (__chatctl_tokens -tC))'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl accounts role" -eq 2' -fka 'moderator admin'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl accounts role" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl tokens" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl tokens" -eq 1' -fa 'list' -d 'List valid tokens (yours; an admin sees all).'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl tokens" -eq 1' -fa 'create' -d 'Create a named API token; its secret is shown once.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl tokens" -eq 1' -fa 'revoke' -d 'Revoke a token by id.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl tokens list" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl tokens list" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl tokens list" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl tokens list" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl tokens list" account' -l 'account' -d 'Only this account\'s tokens (admins).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl tokens list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl tokens create" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl tokens create" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl tokens create" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl tokens create" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl tokens create" account' -l 'account' -d 'The account it acts as (default: yours; required on the control socket).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl tokens create" expires-in' -l 'expires-in' -d 'Lifetime in seconds (default: until revoked).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl tokens create" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl tokens revoke" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl tokens revoke" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl tokens revoke" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl tokens revoke" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_positional "chatctl tokens revoke" -eq 1' -fka '(__chatctl_custom_completion ---completion tokens revoke -- positional@0 (count (__chatctl_tokens -pc)) (__chatctl_tokens -tC))'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl tokens revoke" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl shell" socket' -l 'socket' -d 'The server\'s control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl shell" server' -l 'server' -d 'The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl shell" token' -l 'token' -d 'API token for --server (env CHATCTL_TOKEN; default: the one stored by \'chatctl login\').' -rfka ''
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl shell" o output' -s 'o' -l 'output' -d 'table for people, json for scripts.' -rfka 'table json'
complete -c 'chatctl' -n '__chatctl_should_offer_completions_for_flags_or_options "chatctl shell" h help' -s 'h' -l 'help' -d 'Show help information.'
