// scratch:help -Ddetail, run with the plugin's full coordinates: the generated HelpMojo and its
// plugin-help.xml made it into the shaded, minimized jar and describe the real goals.
String log = new File(basedir, 'build.log').text

assert log.contains('BUILD SUCCESS') : 'the help goal ran'
assert log.contains('This plugin has 4 goals:') : 'help, load, push and save'
for (goal in ['help', 'load', 'push', 'save']) {
    assert log =~ /(?m)^scratch:${goal}$/ : "the goal list names scratch:${goal}"
}

// -Ddetail describes each parameter of save, with its default and its user property
int save = log.indexOf('\nscratch:save\n')
assert save >= 0 : 'the save goal has a section'
String saveSection = log.substring(save)
assert saveSection =~ /(?s)\n {4}outputFile\n {6}Where the tarball goes.*?Default: target\/scratch\/image\.tar.*?\n {6}User property: scratch\.outputFile\n/ :
        'save describes outputFile, its default and -Dscratch.outputFile'

// Parameter docs are written for users: nested elements are described with their names (a
// javadoc <tag> would vanish from this text), and no implementation note shows.
String flat = saveSection.replaceAll(/\s+/, ' ')
assert flat.contains('Each platform element has a name (os/architecture[/variant]) and optionally: osVersion; layers')
assert flat.contains('Each file element has: source, a file or directory relative to the project directory; target')
assert flat.contains('Ant patterns such as **/*.html')
assert !flat.contains('LinkedHashMap') && !flat.contains('TreeMap')
assert !(flat =~ /has a and|each has a\b/) : 'no dropped <tag>'
assert !saveSection.contains('\n    chunkSize') : 'the save section lists only save\'s parameters (chunkSize is push\'s)'
return true
