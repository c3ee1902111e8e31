/**
 * A small supervisor for verify steps on Linux without a PID namespace: a Perl program (Perl is part
 * of every Debian/Ubuntu base system, `perl-base`) that marks itself a child subreaper with
 * `prctl(PR_SET_CHILD_SUBREAPER)` (man 2 prctl), runs the step as its child and, when the step's main
 * process exits, kills every process still below it, round after round until it has no child left.
 * Orphans — including processes that called `setsid` and double-forked — are reparented to the
 * nearest subreaper ancestor, so none can leave its tree; the only way out is to kill the supervisor
 * itself, which the runner notices (it did not send that signal) and reports.
 *
 * It ignores SIGTERM/SIGINT/SIGHUP (those are for the step's process group) and on SIGUSR1 kills all
 * of its children at once (the runner's hard stop at a timeout). Exit status: the main process's
 * (128 + the signal number when it died of a signal, as shells report it); 125 when it cannot set
 * itself up. It never dies of a signal itself unless someone sends it SIGKILL or an unhandled one.
 */

/** `prctl` system call numbers by Node's `process.arch` (Linux; the generic table for arm64, riscv64, loong64). */
export const PRCTL_SYSCALL: Readonly<Record<string, number>> = { x64: 157, arm64: 167, riscv64: 167, loong64: 167, arm: 172, ia32: 172, s390x: 172, ppc64: 171 };

/** The supervisor: `perl -e REAPER_SCRIPT <prctl number> <program> <args…>`. */
export const REAPER_SCRIPT = String.raw`use strict;
my $nr = shift @ARGV;
syscall($nr, 36, 1, 0, 0, 0) == 0 or do { print STDERR "handoff-gate: PR_SET_CHILD_SUBREAPER failed: $!\n"; exit 125 };
sub kids {
  my @k;
  opendir(my $d, '/proc') or return ();
  for my $p (grep { /^\d+$/ } readdir $d) {
    open(my $f, '<', "/proc/$p/stat") or next;
    my $s = <$f>;
    close $f;
    next unless defined $s;
    $s =~ s/^.*\)\s+//s;
    my ($state, $ppid) = split ' ', $s;
    push @k, $p if $ppid == $$ && $state ne 'Z';
  }
  return @k;
}
$SIG{TERM} = $SIG{INT} = $SIG{HUP} = sub {};
$SIG{USR1} = sub { my @k = kids(); kill 'KILL', @k if @k };
my $main = fork();
defined $main or do { print STDERR "handoff-gate: fork failed: $!\n"; exit 125 };
if ($main == 0) { $SIG{$_} = 'DEFAULT' for qw(TERM INT HUP USR1); exec { $ARGV[0] } @ARGV; print STDERR "handoff-gate: cannot run $ARGV[0]: $!\n"; exit 127 }
my $status = 0;
while (1) { my $w = waitpid(-1, 0); last if $w == -1; if ($w == $main) { $status = $?; last } }
while (1) { my @k = kids(); kill 'KILL', @k if @k; last if waitpid(-1, 0) == -1 }
exit($status & 127 ? 128 + ($status & 127) : $status >> 8);
`;
