import io.github.scratchimage.maven.ItTools

File dir = basedir
String log = new File(dir, 'build.log').text
// the second build ran after mvn clean deleted target/ (Maven 3 logs the clean plugin's
// artifactId, maven-clean-plugin:..., Maven 4 its prefix, clean:...)
def cleans = log =~ /(?m)^\[INFO\] --- (maven-)?clean(-plugin)?:/
int clean = -1
while (cleans.find()) {
    clean = cleans.start()
}
assert clean > 0 : 'the second build cleans'
String second = log.substring(clean)
assert second.contains('Deleting ' + new File(dir, 'target'))
assert second =~ /1 layer\(s\), [0-9,]+ bytes compressed: 0 built, 1 unchanged from the cache/

// the cache is where XDG_CACHE_HOME points, not under target/: the invoker sets it to
// target/it-user-cache for the ITs copied to target/it, and to target/it-user-cache-maven-VERSION for
// those copied to target/it-maven-VERSION (the runs under other Maven versions; see the pom)
String copies = dir.canonicalFile.parentFile.name
File cache = new File(dir.canonicalFile.parentFile.parentFile,
        copies.replaceFirst('^it', 'it-user-cache') + '/scratch-maven-plugin')
assert !new File(dir, 'target/scratch/cache').exists()
def meta = ItTools.json(new File(dir, 'target/scratch/image.json').text)
String layer = meta.platforms[0].layers[0].digest
assert new File(cache, 'blobs/' + layer.substring('sha256:'.length())).isFile()
return true
