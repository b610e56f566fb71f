// The build failed, the message names the parameter and says what is expected, nothing was written.
File dir = basedir
String log = new File(dir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('<layers/layer[1]/files/file[2]')
assert log.contains('no-such-file.txt')
['image.tar', 'image.digest', 'image.json'].each { assert !new File(dir, "target/scratch/$it").exists() }
return true
