/**
 * Reads one of the catalogue's fixed files ON THE GATEWAY with the local reader's safety rules
 * (electron/ops/readFixedFile.ts): never through a symlink, only a regular file, refused when it
 * has other hard links or a login user (uid >= 1000) owns it — checked on the opened file
 * (`stat -` is fstat of stdin), so nothing of a refused file crosses the connection.
 *
 * argv: sh -c PROGRAM sh MODE MAXBYTES AWK PATH... ; MODE is head | tail | chap | redact.
 * The first stdout line is a header: `OK path nlink uid gid mode size owner group` or
 * `NO reason path [value]`; the content follows (head: up to MAXBYTES+1 bytes so a cut is
 * visible; tail: the last MAXBYTES; chap/redact: the awk program's output, see pppWords.awk.ts).
 */
export const FIXED_FILE_SH = String.raw`mode=$1 max=$2 prog=$3; shift 3; last=
for p do
if [ -L "$p" ]; then echo "NO symlink $p"; exit 0; fi
if [ ! -e "$p" ]; then last="missing $p"; continue; fi
if [ ! -f "$p" ]; then echo "NO notfile $p"; exit 0; fi
if [ ! -r "$p" ]; then last="denied $p"; continue; fi
exec 3<"$p"
set -- $(stat -L -c '%h %u %g %a %s %U %G' - <&3)
if [ "$1" -gt 1 ]; then echo "NO links $p $1"; exit 0; fi
if [ "$2" -ge 1000 ]; then echo "NO owner $p $2"; exit 0; fi
echo "OK $p $*"
case $mode in
head) head -c $((max + 1)) <&3;;
tail) if [ "$5" -gt "$max" ]; then tail -c "$max" <&3; else cat <&3; fi;;
*) { head -c "$max" <&3; printf '\001END\n'; } | LC_ALL=C awk -v mode="$mode" "$prog";;
esac
exit 0
done
echo "NO $last"`;
