/**
 * pppd's lexical rules (shared/parsers/pppLexer.ts) as a POSIX awk program that runs ON THE
 * GATEWAY, so chap-secrets and `password` option values never leave it. Two modes:
 * - chap: one line per entry of /etc/ppp/chap-secrets — names (hex, or "-" when masked),
 *   address field, secret kind, length, estimated entropy, character classes — and
 *   "M line" for malformed entries; never a byte of a secret;
 * - redact: the file itself with the value after `password` / `srp-pn-secret` replaced by
 *   <redacted> (as shared/parsers/pppOptions.ts redactPppSecrets does).
 * It works on characters as the local code does: the input is split into UTF-8 characters
 * (an invalid byte stands for U+FFFD, as Node's decoder makes it), an escape's byte b >= 0x80
 * becomes U+00b, lengths are UTF-16 units for the 1023 cap and code points for the summary.
 * Input: the file followed by "\001END\n" (so the program knows whether it ended with a
 * newline). Run with LC_ALL=C (bytes). Kept short: it is recorded in the evidence as run.
 */
export const PPP_WORDS_AWK = String.raw`function au(u,w){dn++;if(cut)return;if(u=="NUL!"||L16+w>1023){cut=1;return}WN[nw]++;WU[nw,WN[nw]]=u;WV[nw]=WV[nw] u;L16+=w}
function ab(v){if(v==0)au("NUL!",1);else if(v<128)au(sprintf("%c",v),1);else au(sprintf("%c%c",192+int(v/64),128+v%64),1)}
function unit(r,  j,len,c,b,need,ok,k,cb){len=length(r);j=1;while(j<=len){c=substr(r,j,1);b=O[c]+0;n++
if(b<128){U[n]=c;R[n]=c;W[n]=1;j++;continue}
need=(b>=194&&b<=223)?1:(b>=224&&b<=239)?2:(b>=240&&b<=244)?3:-1;ok=need>0&&j+need<=len
for(k=1;ok&&k<=need;k++){cb=O[substr(r,j+k,1)]+0;if(cb<128||cb>191)ok=0}
if(ok){U[n]=substr(r,j,need+1);R[n]=U[n];W[n]=need==3?2:1;j+=need+1}else{U[n]=FD;R[n]=c;W[n]=1;j++}}}
function nlu(){n++;U[n]="\n";R[n]="\n";W[n]=1}
function hx(s,  i,b,o){o="";for(i=1;i<=length(s);i++){b=O[substr(s,i,1)]+0;o=o substr(H,int(b/16)+1,1) substr(H,b%16+1,1)}return o}
function holds(s,  i){for(i=1;i<=nl;i++)if(index(s,LIT[i]))return 1;return 0}
function lex(  pos,line,anl,esc,cm,bs,end,c,v,k,q){pos=1;line=1;nw=0
while(1){anl=0;esc=0;cm=0;bs=0;end=1
while(pos<=n){c=U[pos];if(c=="\n"){line++;pos++;if(esc)esc=0;else{anl=1;cm=0}continue}
if(cm){pos++;continue}if(esc){end=0;break}if(c=="\\"){esc=1;bs=pos;pos++;continue}
if(c=="#"){cm=1;pos++;continue}if(!(c in BL)){end=0;break}pos++}
if(end)return
nw++;WS[nw]=esc?bs:pos;WL[nw]=line;WA[nw]=anl;WN[nw]=0;WV[nw]="";L16=0;cut=0;dn=0;q=""
while(pos<=n){c=U[pos]
if(esc){esc=0;if(c=="\n"){line++;pos++;continue}
if(c in S){au(S[c],1);pos++}
else if(c~/^[0-7]$/){v=0;for(k=0;k<3&&pos<=n&&U[pos]~/^[0-7]$/;k++){v=v*8+U[pos];pos++}ab(v%256)}
else if(c=="x"){pos++;v=0;for(k=0;k<2&&pos<=n&&U[pos]~/^[0-9A-Fa-f]$/;k++){v=v*16+index("0123456789ABCDEF",toupper(U[pos]))-1;pos++}ab(v)}
else{au(c,W[pos]);pos++}continue}
if(c=="\\"){esc=1;pos++;continue}
if(q!=""){if(c==q){q="";pos++;continue}}else if(c=="\""||c=="'"){q=c;pos++;continue}else if((c in BL)||c=="#")break
if(c=="\n")line++;au(c,W[pos]);pos++}
if(pos>n&&dn==0){nw--;return}WE[nw]=pos;WQ[nw]=(q!="");WX[nw]=L16}}
function chap(  ne,e,f,w,s,bad,cl,sv,sec,isf,lit,inn,na,wild,k,u,lo,up,di,sy,pool,L,pb,per,p,bits){ne=0
for(w=1;w<=nw;w++){if(w==1||WA[w]){ne++;EF[ne]=w;EC[ne]=0}EC[ne]++}
nl=0;for(e=1;e<=ne;e++)if(EC[e]>=3){s=EF[e]+2;if(substr(WV[s],1,2)!="@/"&&WX[s]>=3)LIT[++nl]=WV[s]}
for(e=1;e<=ne;e++){f=EF[e];bad=0;for(w=f;w<f+EC[e];w++)if(WQ[w])bad=1
if(bad)print "M",WL[f];if(EC[e]<3){if(!bad)print "M",WL[f];continue}
cl=WV[f];sv=WV[f+1];s=f+2;sec=WV[s];isf=substr(sec,1,2)=="@/";lit=isf?"":sec
inn=(!isf&&WX[s]>=3&&(index(cl,lit)||index(sv,lit)))?1:0
na=0;wild=0;for(w=f+3;w<f+EC[e];w++){if(WV[w]=="--")break;if(WV[w]=="")continue;na++;if(WV[w]=="*")wild=1}
lo=up=di=sy=0;split("",C);L=isf?0:WN[s]
for(k=1;k<=L;k++){u=WU[s,k];C[u]++;if(u~/^[a-z]$/)lo=1;else if(u~/^[A-Z]$/)up=1;else if(u~/^[0-9]$/)di=1;else sy=1}
pool=lo*26+up*26+di*10+sy*33;if(pool<1)pool=1;bits=0
if(L>0){pb=L*log(pool)/log(2);per=0;for(u in C){p=C[u]/L;per-=p*log(p)/log(2)}bits=L*per;if(pb<bits)bits=pb}
print "E",WL[f],((inn||holds(cl))?"-":hx(cl)),((inn||holds(sv))?"-":hx(sv)),(wild?"wildcard":na==0?"absent":"restricted"),na,(isf?"file-reference":sec==""?"empty":"literal"),L,sprintf("%.17g",bits),lo,up,di,sy,inn}}
function redact(  w,at,i,k,m){at=1
for(w=1;w<nw;w++){m=tolower(WV[w]);if(m!="password"&&m!="srp-pn-secret")continue;k=w+1;if(WS[k]<at)continue
for(i=at;i<WS[k];i++)printf "%s",R[i];printf "<redacted>";for(i=WS[k];i<WE[k];i++)if(U[i]=="\n")printf "\n";at=WE[k]}
for(i=at;i<=n;i++)printf "%s",R[i]}
BEGIN{for(i=1;i<256;i++)O[sprintf("%c",i)]=i;H="0123456789abcdef";FD=sprintf("%c%c%c",239,191,189);OFS="\t"
S["a"]=sprintf("%c",7);S["b"]=sprintf("%c",8);S["f"]=sprintf("%c",12);S["n"]="\n";S["r"]=sprintf("%c",13);S["s"]=" ";S["t"]="\t"
BL[" "]=1;BL["\t"]=1;BL["\n"]=1;BL[sprintf("%c",11)]=1;BL[sprintf("%c",12)]=1;BL[sprintf("%c",13)]=1}
{if(NR>1){unit(prev);nlu()}prev=$0}
END{e=length(prev)-3;if(substr(prev,e)=="\001END")unit(substr(prev,1,e-1));else unit(prev);lex();if(mode=="chap")chap();else redact()}`;
