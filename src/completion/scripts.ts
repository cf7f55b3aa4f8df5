// `tkctl completion bash|zsh`: small shell functions that ask `tkctl __complete WORDS...` for the
// candidates, as cobra's scripts do, so types and names come from the cluster at the time of asking.
// The last line of __complete's answer is `:DIRECTIVE` (cobra's bit set: 2 no space, 4 no files,
// 8 the candidates are file extensions: the shell lists directories and files with them).

const bash = `# bash completion for tkctl                                 -*- shell-script -*-
# Load it in this shell:    source <(tkctl completion bash)

__tkctl_complete() {
    local cur="\${COMP_WORDS[COMP_CWORD]}" out directive
    out=$(tkctl __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) || return
    directive=\${out##*:}
    out=\${out%:*}
    local IFS=$'\\n'
    if (( directive & 8 )); then
        local ext
        COMPREPLY=($(compgen -d -- "$cur"; for ext in $out; do compgen -f -X "!*.$ext" -- "$cur"; done))
        compopt -o filenames 2>/dev/null
        return
    fi
    COMPREPLY=($(compgen -W "$(printf '%s\\n' "$out" | cut -f1)" -- "$cur"))
    if (( directive & 2 )); then compopt -o nospace; fi
    if (( directive & 4 )) && (( \${#COMPREPLY[@]} == 0 )); then compopt +o default; fi
}

complete -o default -F __tkctl_complete tkctl
`;

const zsh = `#compdef tkctl
compdef _tkctl tkctl

# zsh completion for tkctl                                  -*- shell-script -*-
# Load it in this shell:    source <(tkctl completion zsh)

_tkctl() {
    local out directive
    local -a lines candidates
    out=$(tkctl __complete "\${(@)words[2,CURRENT]}" 2>/dev/null) || return
    lines=("\${(@f)out}")
    directive=\${lines[-1]#:}
    if (( directive & 8 )); then
        _files -g "*.(\${(j:|:)lines[1,-2]})"
        return
    fi
    for line in "\${(@)lines[1,-2]}"; do
        # name<TAB>description becomes name:description, colons in the name escaped.
        local name=\${line%%$'\\t'*}
        if [[ $line == *$'\\t'* ]]; then candidates+=("\${name//:/\\\\:}:\${line#*$'\\t'}")
        else candidates+=("\${name//:/\\\\:}"); fi
    done
    if (( \${#candidates} )); then
        if (( directive & 2 )); then _describe 'completions' candidates -S ''
        else _describe 'completions' candidates; fi
    elif (( ! (directive & 4) )); then
        _files
    fi
}

if [ "$funcstack[1]" = "_tkctl" ]; then
    _tkctl "$@"
fi
`;

export const completionScripts: Record<string, string> = { bash, zsh };
