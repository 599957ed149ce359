#!/bin/bash

__chatctl_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__chatctl_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__chatctl_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__chatctl_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_chatctl() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(-h --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __chatctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    login|logout|whoami|users|user|kick|announce|ban|unban|bans|mute|unmute|mutes|remove|purge|reports|rules|limits|overrides|hosts|explain|stats|nodes|audit|watch|accounts|tokens|shell|help)
        # Offer subcommand argument completions
        "_chatctl_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'login logout whoami users user kick announce ban unban bans mute unmute mutes remove purge reports rules limits overrides hosts explain stats nodes audit watch accounts tokens shell help' -- "${cur}"))
        ;;
    esac
}

_chatctl_login() {
    repeating_flags=()
    non_repeating_flags=(--password-stdin -h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output -u --username)
    __chatctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    '-u'|'--username')
        return
        ;;
    esac
}

_chatctl_logout() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output)
    __chatctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    esac
}

_chatctl_whoami() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output)
    __chatctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    esac
}

_chatctl_users() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output)
    __chatctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    esac
}

_chatctl_user() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output)
    __chatctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __chatctl_add_completions -W "$(__chatctl_custom_complete ---completion user -- positional@0 "${COMP_CWORD}" "$(__chatctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_chatctl_kick() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output -r --reason)
    __chatctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    '-r'|'--reason')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __chatctl_add_completions -W "$(__chatctl_custom_complete ---completion kick -- positional@0 "${COMP_CWORD}" "$(__chatctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_chatctl_announce() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output)
    __chatctl_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    esac
}

_chatctl_ban() {
    repeating_flags=()
    non_repeating_flags=(--dry-run --force -h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output --for -r --reason --private-reason --purge)
    __chatctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    '--for')
        __chatctl_add_completions -W '30s'$'\n''5m'$'\n''30m'$'\n''1h'$'\n''2h'$'\n''12h'$'\n''1d'$'\n''7d'$'\n''30d'
        return
        ;;
    '-r'|'--reason')
        return
        ;;
    '--private-reason')
        return
        ;;
    '--purge')
        __chatctl_add_completions -W '30s'$'\n''5m'$'\n''30m'$'\n''1h'$'\n''2h'$'\n''12h'$'\n''1d'$'\n''7d'$'\n''30d'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __chatctl_add_completions -W "$(__chatctl_custom_complete ---completion ban -- positional@0 "${COMP_CWORD}" "$(__chatctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_chatctl_unban() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output)
    __chatctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __chatctl_add_completions -W "$(__chatctl_custom_complete ---completion unban -- positional@0 "${COMP_CWORD}" "$(__chatctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_chatctl_bans() {
    repeating_flags=()
    non_repeating_flags=(--all -h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output)
    __chatctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    esac
}

_chatctl_mute() {
    repeating_flags=()
    non_repeating_flags=(--dry-run --force -h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output --for -r --reason --private-reason --purge)
    __chatctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    '--for')
        __chatctl_add_completions -W '30s'$'\n''5m'$'\n''30m'$'\n''1h'$'\n''2h'$'\n''12h'$'\n''1d'$'\n''7d'$'\n''30d'
        return
        ;;
    '-r'|'--reason')
        return
        ;;
    '--private-reason')
        return
        ;;
    '--purge')
        __chatctl_add_completions -W '30s'$'\n''5m'$'\n''30m'$'\n''1h'$'\n''2h'$'\n''12h'$'\n''1d'$'\n''7d'$'\n''30d'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __chatctl_add_completions -W "$(__chatctl_custom_complete ---completion mute -- positional@0 "${COMP_CWORD}" "$(__chatctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_chatctl_unmute() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output)
    __chatctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __chatctl_add_completions -W "$(__chatctl_custom_complete ---completion unmute -- positional@0 "${COMP_CWORD}" "$(__chatctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_chatctl_mutes() {
    repeating_flags=()
    non_repeating_flags=(--all -h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output)
    __chatctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    esac
}

_chatctl_remove() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output -r --reason)
    __chatctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    '-r'|'--reason')
        return
        ;;
    esac
}

_chatctl_purge() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output --last -r --reason)
    __chatctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    '--last')
        __chatctl_add_completions -W '30s'$'\n''5m'$'\n''30m'$'\n''1h'$'\n''2h'$'\n''12h'$'\n''1d'$'\n''7d'$'\n''30d'
        return
        ;;
    '-r'|'--reason')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __chatctl_add_completions -W "$(__chatctl_custom_complete ---completion purge -- positional@0 "${COMP_CWORD}" "$(__chatctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_chatctl_reports() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __chatctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|resolve)
        # Offer subcommand argument completions
        "_chatctl_reports_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list resolve' -- "${cur}"))
        ;;
    esac
}

_chatctl_reports_list() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output --state)
    __chatctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    '--state')
        __chatctl_add_completions -W 'open'$'\n''closed'$'\n''all'
        return
        ;;
    esac
}

_chatctl_reports_resolve() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output --action --for -r --reason)
    __chatctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    '--action')
        __chatctl_add_completions -W 'remove'$'\n''mute'$'\n''ban'$'\n''dismiss'
        return
        ;;
    '--for')
        __chatctl_add_completions -W '30s'$'\n''5m'$'\n''30m'$'\n''1h'$'\n''2h'$'\n''12h'$'\n''1d'$'\n''7d'$'\n''30d'
        return
        ;;
    '-r'|'--reason')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __chatctl_add_completions -W "$(__chatctl_custom_complete ---completion reports resolve -- positional@0 "${COMP_CWORD}" "$(__chatctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_chatctl_rules() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __chatctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|add|set|remove)
        # Offer subcommand argument completions
        "_chatctl_rules_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list add set remove' -- "${cur}"))
        ;;
    esac
}

_chatctl_rules_list() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output)
    __chatctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    esac
}

_chatctl_rules_add() {
    repeating_flags=()
    non_repeating_flags=(--include-moderators --dry-run -h --help)
    repeating_options=(--word --exempt)
    non_repeating_options=(--socket --server --token --cacert -o --output --pattern --limit --window --prefix --action --for --escalate-after --escalate-within --escalate-action --escalate-for --note)
    __chatctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    '--word')
        return
        ;;
    '--pattern')
        return
        ;;
    '--limit')
        return
        ;;
    '--window')
        __chatctl_add_completions -W '30s'$'\n''5m'$'\n''30m'$'\n''1h'$'\n''2h'$'\n''12h'$'\n''1d'$'\n''7d'$'\n''30d'
        return
        ;;
    '--prefix')
        return
        ;;
    '--action')
        __chatctl_add_completions -W 'refuse'$'\n''remove'$'\n''mute'$'\n''ban'$'\n''report'
        return
        ;;
    '--for')
        __chatctl_add_completions -W '30s'$'\n''5m'$'\n''30m'$'\n''1h'$'\n''2h'$'\n''12h'$'\n''1d'$'\n''7d'$'\n''30d'
        return
        ;;
    '--escalate-after')
        return
        ;;
    '--escalate-within')
        __chatctl_add_completions -W '30s'$'\n''5m'$'\n''30m'$'\n''1h'$'\n''2h'$'\n''12h'$'\n''1d'$'\n''7d'$'\n''30d'
        return
        ;;
    '--escalate-action')
        __chatctl_add_completions -W 'refuse'$'\n''remove'$'\n''mute'$'\n''ban'$'\n''report'
        return
        ;;
    '--escalate-for')
        __chatctl_add_completions -W '30s'$'\n''5m'$'\n''30m'$'\n''1h'$'\n''2h'$'\n''12h'$'\n''1d'$'\n''7d'$'\n''30d'
        return
        ;;
    '--exempt')
        __chatctl_add_completions -W "$(__chatctl_custom_complete ---completion rules add -- --exempt "${COMP_CWORD}" "$(__chatctl_cursor_index_in_current_word)")"
        return
        ;;
    '--note')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __chatctl_add_completions -W 'words'$'\n''regex'$'\n''repeats'$'\n''links'$'\n''mentions'$'\n''joins'
        return
        ;;
    esac
}

_chatctl_rules_set() {
    repeating_flags=()
    non_repeating_flags=(--live --dry-run --no-exemptions -h --help)
    repeating_options=(--exempt)
    non_repeating_options=(--socket --server --token --cacert -o --output)
    __chatctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    '--exempt')
        return
        ;;
    esac
}

_chatctl_rules_remove() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output)
    __chatctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    esac
}

_chatctl_limits() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __chatctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    show|set)
        # Offer subcommand argument completions
        "_chatctl_limits_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'show set' -- "${cur}"))
        ;;
    esac
}

_chatctl_limits_show() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output)
    __chatctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    esac
}

_chatctl_limits_set() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output --message-rate --join-rate --host-cap --connection-cap --ipv6-prefix --ttl)
    __chatctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    '--message-rate')
        return
        ;;
    '--join-rate')
        return
        ;;
    '--host-cap')
        return
        ;;
    '--connection-cap')
        return
        ;;
    '--ipv6-prefix')
        return
        ;;
    '--ttl')
        __chatctl_add_completions -W '30s'$'\n''5m'$'\n''30m'$'\n''1h'$'\n''2h'$'\n''12h'$'\n''1d'$'\n''7d'$'\n''30d'
        return
        ;;
    esac
}

_chatctl_overrides() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __chatctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|add|remove)
        # Offer subcommand argument completions
        "_chatctl_overrides_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list add remove' -- "${cur}"))
        ;;
    esac
}

_chatctl_overrides_list() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output)
    __chatctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    esac
}

_chatctl_overrides_add() {
    repeating_flags=()
    non_repeating_flags=(--exempt --force -h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output --message-rate --host-cap --connection-cap --ttl -r --reason)
    __chatctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    '--message-rate')
        return
        ;;
    '--host-cap')
        return
        ;;
    '--connection-cap')
        return
        ;;
    '--ttl')
        __chatctl_add_completions -W '30s'$'\n''5m'$'\n''30m'$'\n''1h'$'\n''2h'$'\n''12h'$'\n''1d'$'\n''7d'$'\n''30d'
        return
        ;;
    '-r'|'--reason')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __chatctl_add_completions -W "$(__chatctl_custom_complete ---completion overrides add -- positional@0 "${COMP_CWORD}" "$(__chatctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_chatctl_overrides_remove() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output)
    __chatctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __chatctl_add_completions -W "$(__chatctl_custom_complete ---completion overrides remove -- positional@0 "${COMP_CWORD}" "$(__chatctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_chatctl_hosts() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output)
    __chatctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    esac
}

_chatctl_explain() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output)
    __chatctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __chatctl_add_completions -W "$(__chatctl_custom_complete ---completion explain -- positional@0 "${COMP_CWORD}" "$(__chatctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_chatctl_stats() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output)
    __chatctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    esac
}

_chatctl_nodes() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output)
    __chatctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    esac
}

_chatctl_audit() {
    repeating_flags=()
    non_repeating_flags=(--follow -h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output --actor --action --since --until --limit)
    __chatctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    '--actor')
        return
        ;;
    '--action')
        return
        ;;
    '--since')
        return
        ;;
    '--until')
        return
        ;;
    '--limit')
        return
        ;;
    esac
}

_chatctl_watch() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output --since)
    __chatctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    '--since')
        return
        ;;
    esac
}

_chatctl_accounts() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __chatctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|add|remove|passwd|role)
        # Offer subcommand argument completions
        "_chatctl_accounts_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list add remove passwd role' -- "${cur}"))
        ;;
    esac
}

_chatctl_accounts_list() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output)
    __chatctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    esac
}

_chatctl_accounts_add() {
    repeating_flags=()
    non_repeating_flags=(--password-stdin -h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output --role)
    __chatctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    '--role')
        __chatctl_add_completions -W 'moderator'$'\n''admin'
        return
        ;;
    esac
}

_chatctl_accounts_remove() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output)
    __chatctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __chatctl_add_completions -W "$(__chatctl_custom_complete ---completion accounts remove -- positional@0 "${COMP_CWORD}" "$(__chatctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_chatctl_accounts_passwd() {
    repeating_flags=()
    non_repeating_flags=(--password-stdin -h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output)
    __chatctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __chatctl_add_completions -W "$(__chatctl_custom_complete ---completion accounts passwd -- positional@0 "${COMP_CWORD}" "$(__chatctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_chatctl_accounts_role() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output)
    __chatctl_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __chatctl_add_completions -W "$(__chatctl_custom_complete ---completion accounts role -- positional@0 "${COMP_CWORD}" "$(__chatctl_cursor_index_in_current_word)")"
        return
        ;;
    2)
        __chatctl_add_completions -W 'moderator'$'\n''admin'
        return
        ;;
    esac
}

_chatctl_tokens() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __chatctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|create|revoke)
        # Offer subcommand argument completions
        "_chatctl_tokens_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list create revoke' -- "${cur}"))
        ;;
    esac
}

_chatctl_tokens_list() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output --account)
    __chatctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    '--account')
        return
        ;;
    esac
}

_chatctl_tokens_create() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output --account --expires-in)
    __chatctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    '--account')
        return
        ;;
    '--expires-in')
        return
        ;;
    esac
}

_chatctl_tokens_revoke() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output)
    __chatctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __chatctl_add_completions -W "$(__chatctl_custom_complete ---completion tokens revoke -- positional@0 "${COMP_CWORD}" "$(__chatctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_chatctl_shell() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--socket --server --token --cacert -o --output)
    __chatctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--cacert')
        return
        ;;
    '-o'|'--output')
        __chatctl_add_completions -W 'table'$'\n''json'
        return
        ;;
    esac
}

_chatctl_help() {
    :
}

complete -o filenames -F _chatctl chatctl
