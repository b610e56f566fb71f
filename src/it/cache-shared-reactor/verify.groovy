import io.github.scratchimage.maven.ItTools

File dir = basedir
String log = new File(dir, 'build.log').text
assert log.contains('BUILD SUCCESS')
// every module's image is whole: umoci checks every layer's digest and diff_id while it unpacks,
// and the files are the module's own and the shared one
['m1', 'm2', 'm3', 'm4'].each { module ->
    File moduleDir = new File(dir, module)
    File tar = new File(moduleDir, 'target/scratch/image.tar')
    String digest = new File(moduleDir, 'target/scratch/image.digest').text.trim()
    assert ItTools.skopeo(dir, "oci-archive:${tar}:1").Digest == digest
    def rootfs = ItTools.umociUnpack(moduleDir, tar.toPath(), '1')
    assert rootfs.resolve("own/${module}.txt").toFile().text == "module ${module} of cache-shared-reactor\n"
    assert rootfs.resolve("shared/common.txt").toFile().text == 'shared by every module of cache-shared-reactor\n'
}
// the four builds overlapped on the cache, so those that ran beside another did not prune
// (at least the last one to finish may have); nothing failed either way
File cache = new File(dir, '../../it-user-cache/scratch-maven-plugin').canonicalFile
assert new File(cache, 'users.lock').isFile()
return true
