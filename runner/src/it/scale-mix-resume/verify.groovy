// After three invocations of mvn virtbench:run (see invoker.properties): a scale campaign halted at
// n = 2 and resumed, and a mix, each with the options the plugin was given.
import groovy.json.JsonSlurper

def json = new JsonSlurper()
def journal = { File dir -> new File(dir, 'journal.jsonl').readLines().findAll { it.trim() }.collect { json.parseText(it) } }

// 1 + 2: the scale campaign, halted once, then completed by --resume without running n = 1 again
def scale = new File(basedir, 'target/virtbench/scale')
assert new File(basedir, 'target/halted-once').isFile() : 'the first invocation halted at n = 2'
def settings = json.parse(new File(scale, 'campaign.json'))
assert settings.vmMemory == 'total=384MiB,cap=256MiB' : settings
assert settings.stats == 'RIGOROUS' : settings
assert settings.scales == [1, 2] && settings.profile == 'quick' && settings.maxRelativeStdDev == 0.5 : settings
assert settings.backends == ['host'] && settings.repeat == 3 && settings.discard == 1 : settings
def entries = journal(scale)
def starts = entries.findAll { it.type == 'campaign' }
assert starts.size() == 2 : "started, then resumed: ${starts}"
assert starts[0].resumed == false && starts[1].resumed == true : starts
assert starts[1].commandLine == starts[0].commandLine : 'the resumed campaign keeps its settings'
def log = new File(basedir, 'build.log').text
assert log.contains('virtbench run --resume ') : 'the plugin ran the resume'
assert log.contains('finished earlier, not run again') : 'n = 1 was not run again'
def endsOfOne = entries.findAll { it.type == 'cell-end' && it.guests == 1 }
assert endsOfOne.size() == 1 : 'n = 1 finished once: ' + endsOfOne
def results = json.parse(new File(scale, 'results.json'))
assert results.campaign.complete : results.campaign
assert results.campaign.stats == 'rigorous' : results.campaign
def cells = results.cells.collectEntries { [(it.cell.guests): it] }
assert cells.keySet() == [1, 2] as Set : cells.keySet()
cells.values().each { assert it.outcome.status == 'completed' && it.cell.workload == 'tick' && it.cell.backend == 'host' : it }
// min(256 MiB, 384 MiB / n): 256 MiB for one guest, 192 MiB each for two
assert cells[1].provisioned.memoryPerGuestBytes == 256L << 20 : cells[1].provisioned
assert cells[2].provisioned.memoryPerGuestBytes == 192L << 20 : cells[2].provisioned
assert cells[1].provisioned.memoryPolicy.startsWith('total=384MiB,cap=256MiB') : cells[1].provisioned
assert cells[1].figures.summary.confidence95 != null : "rigorous: an interval, ${cells[1].figures}"
def samplesOfOne = entries.findAll { it.type == 'sample' && it.guests == 1 }
assert samplesOfOne.size() >= 3 && samplesOfOne.size() <= 9 : 'n = 1 ran once, before the halt: ' + samplesOfOne.size()
['report.html', 'results.csv'].each { assert new File(scale, it).isFile() : "${it} beside results.json" }

// 3: the mix, each workload in its own guest, against itself alone
def mix = json.parse(new File(basedir, 'target/virtbench/mix/results.json'))
assert mix.campaign.stats == 'rigorous' : mix.campaign
def mixed = mix.cells.find { it.scale.mix }
assert mixed && mixed.cell.guests == 2 && mixed.outcome.status == 'completed' : mix.cells
assert mixed.scale.mix*.workload as Set == ['tick', 'tock'] as Set : mixed.scale.mix
assert mixed.provisioned.memoryPolicy.startsWith('paper') : mixed.provisioned
assert log.contains('virtbench run --backend host --profile quick') && log.contains('--mix tick:1,tock:1') :
        'the plugin logs the equivalent command line'
return true
