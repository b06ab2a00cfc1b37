/**
 * The completion scripts `testbed completion bash|zsh|fish` prints. Each sends the words typed
 * so far to `testbed __complete -- WORDS...`, which answers with a first line `words` or
 * `files` and then the candidates, one a line; all the reading of the line is in TypeScript
 * (complete-words.ts), so the three shells complete alike. For a word `--option=value` the
 * candidates are values: bash completes the part after '=' by itself, zsh moves `--option=`
 * out of the way (compset -P), and fish puts it back before each candidate.
 */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const BASH = `# testbed completion for bash: source <(testbed completion bash)
_testbed_complete() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" IFS=$'\\n' out kind
  [[ "$cur" == = ]] && cur=""   # --option=<Tab>: bash makes the '=' a word of its own
  out=$(testbed __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) || return 0
  kind="\${out%%$'\\n'*}"
  [[ "$out" == *$'\\n'* ]] && out="\${out#*$'\\n'}" || out=""
  if [[ "$kind" == files ]]; then
    COMPREPLY=($(compgen -f -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$out" -- "$cur"))
  fi
}
complete -o default -o nosort -F _testbed_complete testbed 2>/dev/null || complete -o default -F _testbed_complete testbed
`;

const ZSH = `#compdef testbed
# testbed completion for zsh: source <(testbed completion zsh), after compinit;
# or save it as _testbed in a folder of $fpath
_testbed() {
  local -a lines
  lines=("\${(@f)$(testbed __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  local kind="\${lines[1]}"
  shift lines
  compset -P '--[^=]##='
  if [[ "$kind" == files ]]; then
    _files
  else
    compadd -Q -- "\${lines[@]}"
  fi
}
if [[ "\${funcstack[1]}" == _testbed ]]; then
  _testbed "$@"
else
  compdef _testbed testbed
fi
`;

const FISH = `# testbed completion for fish: testbed completion fish > ~/.config/fish/completions/testbed.fish
function __testbed_complete
    set -l token (commandline -ct)
    set -l words (commandline -opc) "$token"
    set -l out (testbed __complete -- $words[2..-1] 2>/dev/null)
    set -l option (string replace -r -- '^(--[^=]+=)?.*$' '$1' "$token")
    if test "$out[1]" = files
        printf '%s\\n' $option(__fish_complete_path (string sub -s (math (string length -- "$option") + 1) -- "$token"))
    else
        printf '%s\\n' $option$out[2..-1]
    end
end
complete -c testbed -f -a '(__testbed_complete)'
`;

export function completionScript(shell: Shell): string {
  return { bash: BASH, zsh: ZSH, fish: FISH }[shell];
}
