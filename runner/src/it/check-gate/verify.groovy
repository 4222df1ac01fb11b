// After mvn virtbench:check on a campaign slowed on purpose: the build failed because of the gate,
// and the log holds the table with the violated bound.
def log = new File(basedir, 'build.log').text
assert log.contains('virtbench check --baseline') : 'the plugin ran the CLI'
assert log =~ /workload\s+backend\s+n\s+metric\s+FLOOR\s+VALUE\s+CEIL\s+verdict/ : log
assert log =~ /bzip2\s+host\s+1\s+absolute \(s\).*above ceiling/ : 'the slowed bzip2 took too long'
assert log.contains('virtbench check exited with status 1') : 'a violation, not wrong usage'
return true
