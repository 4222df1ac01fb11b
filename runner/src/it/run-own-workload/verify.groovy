// After mvn virtbench:run: a campaign under target/virtbench whose results hold the workload's cell,
// completed on bare metal, and the reports written beside them.
def campaigns = new File(basedir, 'target/virtbench').listFiles()?.findAll { new File(it, 'results.json').isFile() }
assert campaigns && campaigns.size() == 1 : "one campaign under target/virtbench, found ${campaigns}"
def dir = campaigns[0]
def results = new File(dir, 'results.json').text
assert results.contains('"workload" : "gzip-random"') : results
assert results.contains('"backend" : "host"')
assert results.contains('"status" : "completed"')
assert !results.contains('"status" : "failed"')
// the plugin carries the built-in suite, but this project does not depend on virtbench-suites
assert !results.contains('"workload" : "bzip2"') : 'only the project\'s own workloads run'
['report.html', 'results.csv', 'jmh-result.json'].each {
    assert new File(dir, it).isFile() : "${it} beside results.json"
}
assert new File(dir, 'jmh-result.json').text.contains('"benchmark" : "virtbench.gzip-random"')
def log = new File(basedir, 'build.log').text
assert log.contains('virtbench run --backend host') : 'the plugin ran the CLI'
return true
