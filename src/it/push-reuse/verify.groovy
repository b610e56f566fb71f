import io.github.scratchimage.maven.PushIt

File dir = basedir
try {
    String host = PushIt.registry(dir).hostPort()
    String log = new File(dir, 'build.log').text
    def runs = log.split(/(?m)^\[INFO\] --- scratch(-maven-plugin)?:[^:]+:push/) // Maven 3's header line, or Maven 4's (prefix)
    assert runs.size() == 4 : 'one section per push'
    // 1: every layer built; 2: one built, 7 reused from the tag; 3: all 8 reused from cacheFrom
    assert runs[1].contains('8 layer(s)') && runs[1].contains(': 8 built, 0 unchanged from the cache, in')
    assert runs[2].contains(': 1 built, 0 unchanged from the cache, 7 reused from the registry')
    assert (runs[2] =~ /Layer 'f\d': sha256:\S+, [\d,]+ bytes, reused from ${host}\/it\/reuse:1\.0 \(not compressed\)/).size() == 7
    assert !(runs[2] =~ /Layer 'f3': .*reused from/)
    assert runs[3].contains(': 0 built, 0 unchanged from the cache, 8 reused from the registry')
    assert (runs[3] =~ /reused from ${host}\/it\/reuse:1\.0 \(not compressed\)/).size() == 8
    assert runs[3].contains("Cannot reuse the layers of ${host}/it/none:1: there is no such image")

    // the registry's own access log: completed uploads (the PUT ending an upload session) and mounts
    def requests = PushIt.registry(dir).log().readLines()
    def count = { String regex -> requests.count { it =~ regex } }
    // it/reuse: 8 layers + config, then the changed layer + its config; one manifest each time
    assert count('"PUT /v2/it/reuse/blobs/uploads/\\S*digest=\\S* HTTP/1\\.1" 201 ') == 11
    assert count('"PUT /v2/it/reuse/manifests/1\\.0 HTTP/1\\.1" 201 ') == 2
    // it/feature: no layer uploaded (mounted from it/reuse), only the config
    assert count('"POST /v2/it/feature/blobs/uploads/\\?mount=\\S* HTTP/1\\.1" 201 ') == 8
    assert count('"PUT /v2/it/feature/blobs/uploads/\\S*digest=\\S* HTTP/1\\.1" 201 ') == 1

    // what save wrote for the same inputs (its own cache) is what the reusing push pushed
    def pushed = (log =~ /Pushed 1 tag\(s\) of \S+ at (sha256:[0-9a-f]{64})/).collect { it[1] }
    assert pushed.size() == 3
    assert pushed[1] != pushed[0]
    assert pushed[2] == pushed[1]
    assert new File(dir, 'target/saved/image.digest').text.trim() == pushed[2]
} finally {
    PushIt.stop(dir)
}
return true
