# bash completion for portdb(1): commands, options per command, option values,
# and service names from the database (portdb names PREFIX) for lookup and suggest.

_portdb_global_options="--db --json --policy --site --help --version"

# The options of each command, as `portdb COMMAND --help` lists them.
_portdb_command_options() {
    case $1 in
        import) echo "--force" ;;
        lookup) echo "--long -l --history --source --protocol" ;;
        export) echo "--format --history --source --protocol" ;;
        search) echo "--history --source --protocol --limit --all" ;;
        check) echo "--on --all -v --instance --no-local" ;;
        free) echo "--count --on --no-local" ;;
        suggest) echo "--production --test --experimental --count --phone --protocol --on --all -v --instance --no-local" ;;
        update) echo "--source --force --cacert --timeout" ;;
        reserve) echo "--note --force --on" ;;
        audit) echo "--format --on" ;;
    esac
}

_portdb_targets="linux freebsd openbsd netbsd macos windows solaris aix kubernetes browsers all"
_portdb_commands="import info lookup search check free suggest export update diff reserve release reservations names audit"

_portdb() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
    local command="" i word
    local -a database=()
    # The command, and the --db already given (completion must ask that database).
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        case $word in
            --db | --policy | --site)
                if [[ $word == --db ]]; then
                    database=(--db "${COMP_WORDS[i + 1]/#\~/$HOME}")
                fi
                ((i++))
                ;;
            --source | --protocol | --on | --limit | --count | --phone | --instance | --format | --cacert | --timeout | --note)
                ((i++))
                ;;
            -*) ;;
            *) [[ -z $command ]] && command=$word ;;
        esac
    done

    case $prev in
        --db | --policy | --site | --cacert)
            COMPREPLY=($(compgen -f -- "$cur"))
            return
            ;;
        --format)
            if [[ $command == audit ]]; then
                COMPREPLY=($(compgen -W "text json sarif" -- "$cur"))
            else
                COMPREPLY=($(compgen -W "services csv json" -- "$cur"))
            fi
            return
            ;;
        --protocol)
            COMPREPLY=($(compgen -W "tcp udp sctp dccp ddp" -- "$cur"))
            return
            ;;
        --source)
            if [[ $command == update ]]; then
                COMPREPLY=($(compgen -W "iana rfc1700" -- "$cur") $(compgen -f -- "$cur"))
            else
                COMPREPLY=($(compgen -W "registry history system defacto site iana-xml iana-csv port-numbers-text services nmap-services" -- "$cur"))
            fi
            return
            ;;
        --on)
            # A comma-separated list: complete its last item.
            local done_part=""
            [[ $cur == *,* ]] && done_part=${cur%,*},
            COMPREPLY=($(compgen -P "$done_part" -W "$_portdb_targets" -- "${cur##*,}"))
            return
            ;;
        --limit | --count | --instance | --timeout | --phone | --note)
            return
            ;;
    esac

    if [[ -z $command ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "$_portdb_global_options" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$_portdb_commands" -- "$cur"))
        fi
        return
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_portdb_command_options "$command") --db --json --policy --site --help" -- "$cur"))
        return
    fi
    case $command in
        lookup | suggest)
            local IFS=$'\n'
            COMPREPLY=($("${COMP_WORDS[0]}" "${database[@]}" names -- "$cur" 2>/dev/null))
            ;;
        import | diff | audit)
            COMPREPLY=($(compgen -f -- "$cur"))
            ;;
    esac
}

complete -F _portdb portdb
