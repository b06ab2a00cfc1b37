# Drives zsh's completion system as a user at a terminal does: an interactive zsh in a
# pseudo-terminal (zsh/zpty) runs ZSHRC (compinit and the completion script, as a user's
# ~/.zshrc has them); LINE is typed, then KEYS (Tab, or Ctrl-X l for list-choices, which lists
# the matches as Ctrl-D does), then a widget prints the line as it now is.
# Prints what the terminal showed, ending with <<LINE:...>>.
# Usage: TERM=dumb zsh -f zsh-complete.zsh ZSHRC LINE KEYS
zmodload zsh/zpty || exit 2
local zshrc=$1 line=$2 keys=$3
zpty -b tb zsh -f -i
# One line, so that the first <%P> prompt comes after all of it (its echo shows <%%P>).
zpty -w tb "$zshrc; unset zle_bracketed_paste; setopt no_prompt_sp no_beep no_list_ambiguous; LISTMAX=10000; bindkey '^Xl' list-choices; _tb_line() { zle -I; print -r -- \"<<LINE:\$BUFFER>>\"; BUFFER=; }; zle -N _tb_line; bindkey '^Xd' _tb_line; PS1='<%%P>'"
zpty -r -m tb _ '*<%P>*' || exit 3
zpty -w -n tb "$line$keys"$'\C-Xd'
zpty -r -m tb out '*<<LINE:*>>*' || exit 4
print -r -- "$out"
zpty -d tb
