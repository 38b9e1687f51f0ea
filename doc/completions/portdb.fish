# fish completion for portdb(1): commands, options per command, option values,
# and service names from the database (portdb names PREFIX) for lookup and suggest.

set -l portdb_commands import info lookup search check free suggest export update diff reserve release reservations names audit

# The service names starting with the token being completed, from the
# database named by a --db already on the line.
function __portdb_names
    set -l tokens (commandline -opc)
    set -l database
    set -l i (contains -i -- --db $tokens)
    and set database --db $tokens[(math $i + 1)]
    $tokens[1] $database names -- (commandline -ct) 2>/dev/null
end

complete -c portdb -f
complete -c portdb -n "not __fish_seen_subcommand_from $portdb_commands" -a import -d 'import registry files'
complete -c portdb -n "not __fish_seen_subcommand_from $portdb_commands" -a info -d 'the sources in the database'
complete -c portdb -n "not __fish_seen_subcommand_from $portdb_commands" -a lookup -d 'look up a service name or PORT[/PROTO]'
complete -c portdb -n "not __fish_seen_subcommand_from $portdb_commands" -a search -d 'ranked search of names and descriptions'
complete -c portdb -n "not __fish_seen_subcommand_from $portdb_commands" -a check -d 'a verdict for ports'
complete -c portdb -n "not __fish_seen_subcommand_from $portdb_commands" -a free -d 'the ok ports of a range'
complete -c portdb -n "not __fish_seen_subcommand_from $portdb_commands" -a suggest -d 'ports by the Muq policy, checked'
complete -c portdb -n "not __fish_seen_subcommand_from $portdb_commands" -a export -d 'write the database out'
complete -c portdb -n "not __fish_seen_subcommand_from $portdb_commands" -a update -d 'refresh a source from the network'
complete -c portdb -n "not __fish_seen_subcommand_from $portdb_commands" -a diff -d 'what changed between two registry files'
complete -c portdb -n "not __fish_seen_subcommand_from $portdb_commands" -a reserve -d 'reserve a port for one of your services'
complete -c portdb -n "not __fish_seen_subcommand_from $portdb_commands" -a release -d 'release a reserved port'
complete -c portdb -n "not __fish_seen_subcommand_from $portdb_commands" -a reservations -d 'list the site reservations'
complete -c portdb -n "not __fish_seen_subcommand_from $portdb_commands" -a names -d 'service names starting with a prefix'
complete -c portdb -n "not __fish_seen_subcommand_from $portdb_commands" -a audit -d 'every port a tree of deployment files binds, checked'

# Global options, before or after the command.
complete -c portdb -l db -r -F -d 'database file'
complete -c portdb -l json -d 'machine-readable output on stdout, errors too'
complete -c portdb -l policy -r -F -d 'policy file extending the built-in policy'
complete -c portdb -l site -r -F -d 'site reservations file'
complete -c portdb -s h -l help -d 'show the help'
complete -c portdb -n "not __fish_seen_subcommand_from $portdb_commands" -l version -d 'show the version'

# Arguments.
complete -c portdb -n '__fish_seen_subcommand_from lookup suggest' -a '(__portdb_names)'
complete -c portdb -n '__fish_seen_subcommand_from import diff audit' -F

# lookup, search, export: which sources answer.
set -l selection '__fish_seen_subcommand_from lookup search export'
complete -c portdb -n $selection -l history -d 'also answer from history'
complete -c portdb -n $selection -l source -x -a 'registry history system defacto site iana-xml iana-csv port-numbers-text services nmap-services' -d 'only this source'
complete -c portdb -n $selection -l protocol -x -a 'tcp udp sctp dccp ddp' -d 'only rows of this protocol'
complete -c portdb -n '__fish_seen_subcommand_from lookup' -s l -l long -d 'every field of each service'
complete -c portdb -n '__fish_seen_subcommand_from search' -l limit -x -d 'show at most N answers'
complete -c portdb -n '__fish_seen_subcommand_from search' -l all -d 'show every answer'
complete -c portdb -n '__fish_seen_subcommand_from export' -l format -x -a 'services csv json' -d 'output format'

# audit: its output, and the targets that override what the files say.
complete -c portdb -n '__fish_seen_subcommand_from audit' -l format -x -a 'text json sarif' -d 'output format'
complete -c portdb -n '__fish_seen_subcommand_from audit' -l on -x -a '(__fish_complete_list , "echo linux\nfreebsd\nopenbsd\nnetbsd\nmacos\nwindows\nsolaris\naix\nkubernetes\nbrowsers\nall")' -d 'check every host port for these targets'

# check, free and suggest: the verdict's targets.
set -l targets '__fish_seen_subcommand_from check free suggest reserve'
set -l verdict '__fish_seen_subcommand_from check suggest'
complete -c portdb -n $targets -l on -x -a '(__fish_complete_list , "echo linux\nfreebsd\nopenbsd\nnetbsd\nmacos\nwindows\nsolaris\naix\nkubernetes\nbrowsers\nall")' -d 'the targets you deploy on'
complete -c portdb -n $verdict -s v -l all -d 'also the findings for other targets, and the notes'
complete -c portdb -n $verdict -l instance -x -d 'the N-th server on one address'
complete -c portdb -n '__fish_seen_subcommand_from check free suggest' -l no-local -d 'do not look at this machine'
complete -c portdb -n '__fish_seen_subcommand_from free' -l count -x -d 'only the first N ok ports'
complete -c portdb -n '__fish_seen_subcommand_from suggest' -l production -d 'ports in the production block'
complete -c portdb -n '__fish_seen_subcommand_from suggest' -l test -d 'ports in the test block'
complete -c portdb -n '__fish_seen_subcommand_from suggest' -l experimental -d '2 + the last four digits of a phone number'
complete -c portdb -n '__fish_seen_subcommand_from suggest' -l count -x -d 'how many ports'
complete -c portdb -n '__fish_seen_subcommand_from suggest' -l phone -x -d 'a phone number'
complete -c portdb -n '__fish_seen_subcommand_from suggest' -l protocol -x -a 'tcp udp sctp dccp' -d 'protocol'

complete -c portdb -n '__fish_seen_subcommand_from import update' -l force -d 'accept a much smaller file'
complete -c portdb -n '__fish_seen_subcommand_from update' -l source -x -a 'iana rfc1700 (__fish_complete_path (commandline -ct))' -d 'what to refresh'
complete -c portdb -n '__fish_seen_subcommand_from update' -l cacert -r -F -d 'extra CA certificates (PEM)'
complete -c portdb -n '__fish_seen_subcommand_from update' -l timeout -x -d 'seconds for the whole download'
complete -c portdb -n '__fish_seen_subcommand_from reserve' -l note -x -d 'why, who, where'
complete -c portdb -n '__fish_seen_subcommand_from reserve' -l force -d 'reserve even a conflict'
