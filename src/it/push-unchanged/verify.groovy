import io.github.scratchimage.maven.ItTools
import io.github.scratchimage.maven.PushIt

File dir = basedir
try {
    String host = PushIt.registry(dir).hostPort()
    String log = new File(dir, 'build.log').text
    def pushed = (log =~ /Pushed 2 tag\(s\) of \S+ at (sha256:[0-9a-f]{64})/).collect { it[1] }
    assert pushed.size() == 3 : log

    // 1 built and pushed; 2 found its inputs unchanged and the tags in place: no layer line
    // Maven 3 names the plugin in the mojo's header line (scratch-maven-plugin:...), Maven 4 its prefix (scratch:...)
    def runs = log.split(/(?m)^\[INFO\] --- scratch(-maven-plugin)?:/)
    assert runs.size() == 4 : 'one section per push'
    assert runs[1].contains('1 layer(s)') && !runs[1].contains('Unchanged since the last push')
    assert runs[2].contains("Unchanged since the last push from this project: same inputs, and every tag still holds ${pushed[0]}")
    assert !runs[2].contains('layer(s)')
    assert pushed[1] == pushed[0]

    // 3 had another creation time: built and pushed again, under a new digest
    assert runs[3].contains('1 layer(s)') && !runs[3].contains('Unchanged since the last push')
    assert pushed[2] != pushed[0]
    ['1.0', 'latest'].each { tag ->
        def inspected = ItTools.json(PushIt.skopeoInspect(dir, "it/unchanged:${tag}", false, null, null).requireSuccess().stdout())
        assert inspected.Digest == pushed[2]
        assert inspected.Created == '2024-06-01T00:00:00Z'
    }
    assert new File(dir, 'target/scratch/push/image.digest').text == pushed[2] // the execution id's directory
} finally {
    PushIt.stop(dir)
}
return true
