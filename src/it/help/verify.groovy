// scratch:help -Ddetail, run with the plugin's full coordinates: the generated HelpMojo and its
// plugin-help.xml made it into the shaded, minimized jar and describe the real goals.
String log = new File(basedir, 'build.log').text

assert log.contains('BUILD SUCCESS') : 'the help goal ran'
assert log.contains('This plugin has 3 goals:') : 'help, push and save'
for (goal in ['help', 'push', 'save']) {
    assert log =~ /(?m)^scratch:${goal}$/ : "the goal list names scratch:${goal}"
}

// -Ddetail describes each parameter of save, with its default and its user property
int save = log.indexOf('\nscratch:save\n')
assert save >= 0 : 'the save goal has a section'
String saveSection = log.substring(save)
assert saveSection =~ /(?s)\n {4}outputFile \(Default: \$\{project\.build\.directory\}\/scratch\/image\.tar\)\n.*?\n {6}User property: scratch\.outputFile\n/ :
        'save describes outputFile with its default and -Dscratch.outputFile'
assert !saveSection.contains('\n    chunkSize') : 'the save section lists only save\'s parameters (chunkSize is push\'s)'
return true
