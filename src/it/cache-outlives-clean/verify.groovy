import io.github.scratchimage.maven.ItTools

File dir = basedir
String log = new File(dir, 'build.log').text
// the second build ran after mvn clean deleted target/
int clean = log.lastIndexOf('maven-clean-plugin')
assert clean > 0 : 'the second build cleans'
String second = log.substring(clean)
assert second.contains('Deleting ' + new File(dir, 'target'))
assert second =~ /1 layer\(s\), [0-9,]+ bytes compressed: 0 built, 1 unchanged from the cache/

// the cache is where XDG_CACHE_HOME points (the invoker sets it), not under target/
File cache = new File(dir, '../../it-user-cache/scratch-maven-plugin').canonicalFile
assert !new File(dir, 'target/scratch/cache').exists()
def meta = ItTools.json(new File(dir, 'target/scratch/image.json').text)
String layer = meta.platforms[0].layers[0].digest
assert new File(cache, 'blobs/' + layer.substring('sha256:'.length())).isFile()
return true
